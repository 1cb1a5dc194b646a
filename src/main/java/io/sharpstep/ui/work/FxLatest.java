package io.sharpstep.ui.work;

import javafx.application.Platform;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands values from worker threads to the FX thread, keeping only the latest: however fast a worker posts
 * (a flood of tile reports), at most one {@link Platform#runLater} is queued at a time, so the FX thread sees
 * one update per pulse at most and never falls behind.
 */
public final class FxLatest<T> {
    private final AtomicReference<T> latest = new AtomicReference<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Consumer<T> onFx;

    public FxLatest(Consumer<T> onFx) {
        this.onFx = onFx;
    }

    /** Any thread. */
    public void post(T value) {
        latest.set(value);
        if (queued.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        queued.set(false);
        T v = latest.getAndSet(null);
        if (v != null) {
            onFx.accept(v);
        }
    }
}
