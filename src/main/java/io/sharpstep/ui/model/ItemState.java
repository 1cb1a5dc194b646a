package io.sharpstep.ui.model;

/** Where one photo of the queue stands. */
public enum ItemState {
    WAITING("Waiting"), RUNNING("Running"), DONE("Done"), FAILED("Failed"), CANCELLED("Cancelled");

    private final String label;

    ItemState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the item has finished one way or another. */
    public boolean isFinal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
