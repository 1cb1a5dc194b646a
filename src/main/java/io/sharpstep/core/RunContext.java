package io.sharpstep.core;

import java.util.Objects;

/**
 * What accompanies one job through the engine: where progress goes, how it is cancelled, where its timings
 * are booked.
 */
public record RunContext(ProgressListener listener, CancelToken cancel, Timings timings) {
    public RunContext {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(timings, "timings");
    }

    /** No listener, never cancelled. */
    public static RunContext quiet() {
        return new RunContext(ProgressListener.NONE, new CancelToken(), new Timings());
    }

    public static RunContext of(ProgressListener listener, CancelToken cancel) {
        return new RunContext(listener, cancel, new Timings());
    }
}
