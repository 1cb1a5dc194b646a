package io.sharpstep.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Cancels a running job. The pipeline checks it between tiles; a model run that is in flight is asked to
 * stop through the hooks registered here (ONNX Runtime's RunOptions terminate flag).
 */
public final class CancelToken {
    private volatile boolean cancelled;
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

    /** Asks the job to stop as soon as it can. Safe from any thread, idempotent. */
    public void cancel() {
        cancelled = true;
        for (Runnable hook : hooks) {
            hook.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link CancelledException} if cancelled. */
    public void check() {
        if (cancelled) {
            throw new CancelledException();
        }
    }

    /**
     * Registers a hook that stops in-flight work; it runs at once if already cancelled. Remove it with
     * {@link #remove(Runnable)} when that work is over.
     */
    public void onCancel(Runnable hook) {
        hooks.add(hook);
        if (cancelled) {
            hook.run();
        }
    }

    public void remove(Runnable hook) {
        hooks.remove(hook);
    }
}
