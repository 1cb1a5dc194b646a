package io.sharpstep.core;

/** The arithmetic a pack's graphs were exported for. */
public enum Precision implements Choices.Keyed {
    FP32,
    FP16;

    public static Precision lookup(String value) {
        return Choices.lookup(Precision.class, "precision", value);
    }
}
