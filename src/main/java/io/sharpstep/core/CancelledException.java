package io.sharpstep.core;

/** Thrown when a job stops because somebody cancelled it; not an error to report as one. */
public final class CancelledException extends SharpStepException {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super(Kind.CANCELLED, "Cancelled.");
    }
}
