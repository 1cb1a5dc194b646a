package io.sharpstep.ui.model;

/** A value offered in a choice box, with its label (the value may be null, e.g. "pack default"). */
public record Choice<T>(T value, String label) {
    @Override
    public String toString() {
        return label;
    }
}
