package io.sharpstep.ui.work;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.engine.Engine;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Owns the one {@link Upscaler} of the selected pack and options, and the single engine thread every job and
 * region preview runs on (an upscaler is not for concurrent use). The upscaler is opened once and reused
 * across jobs; it is closed when the selection changes (after the running job) or the session closes.
 */
public final class EngineSession implements AutoCloseable {
    /** Reports from the engine thread; implementations move them onto the UI thread themselves. */
    public interface Listener {
        void opened(ModelPack pack, DeviceInfo device);

        void failed(ModelPack pack, SharpStepException error);
    }

    private record Key(ModelPack pack, UpscaleOptions options) {
    }

    private final ExecutorService engine = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sharpstep-engine");
        t.setDaemon(true);
        return t;
    });
    private final Listener listener;
    private volatile Key wanted;
    private Key currentKey;
    private Upscaler current;

    public EngineSession(Listener listener) {
        this.listener = listener;
    }

    /** The engine thread, for tasks that use {@link #upscaler}. */
    public ExecutorService executor() {
        return engine;
    }

    /**
     * Selects pack and options: after the work already queued, the previous upscaler is closed and the new one
     * opened in the background (so the device really used can be shown before the first job). Any thread.
     */
    public void select(ModelPack pack, UpscaleOptions options) {
        Key k = new Key(pack, options);
        wanted = k;
        engine.execute(() -> {
            if (!k.equals(wanted)) {
                return; // a newer selection supersedes this one
            }
            try {
                upscaler(pack, options);
            } catch (SharpStepException e) {
                listener.failed(pack, e);
            }
        });
    }

    /**
     * Asks the runtime which CUDA devices it can use, on the engine thread (loading the CUDA provider takes a
     * moment); {@code answer} gets the list there.
     */
    public void cudaDevices(java.util.function.Consumer<java.util.List<Integer>> answer) {
        engine.execute(() -> {
            java.util.List<Integer> found;
            try {
                found = Engine.cudaDevices();
            } catch (RuntimeException | LinkageError e) {
                System.getLogger("io.sharpstep.ui").log(System.Logger.Level.INFO, "No CUDA devices listed", e);
                found = java.util.List.of();
            }
            answer.accept(found);
        });
    }

    /** The upscaler for pack and options, opening it if needed. Engine thread only. */
    public Upscaler upscaler(ModelPack pack, UpscaleOptions options) {
        Key k = new Key(pack, options);
        if (current != null && k.equals(currentKey)) {
            return current;
        }
        closeCurrent();
        current = Engine.open(pack, options);
        currentKey = k;
        listener.opened(pack, current.device());
        return current;
    }

    private void closeCurrent() {
        if (current != null) {
            Upscaler old = current;
            current = null;
            currentKey = null;
            old.close();
        }
    }

    /** Closes the upscaler after the running work and stops the engine thread (waits a few seconds at most). */
    @Override
    public void close() {
        if (engine.isShutdown()) {
            return;
        }
        engine.execute(this::closeCurrent);
        engine.shutdown();
        try {
            engine.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        Key k = currentKey;
        return "EngineSession[" + (k == null ? "none" : Objects.toString(k.pack().id())) + "]";
    }
}
