package io.sharpstep.jobs;

import io.sharpstep.core.CancelledException;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Writing a result on a thread of its own while its pixels are still being made: the encoder reads rows as they
 * are finished (see {@link io.sharpstep.raster.ResultRaster#awaiting()}), so encoding overlaps the enlarging
 * instead of following it. A failure of the write is kept and rethrown to the job when it joins; {@code onFailure}
 * runs at once so the job can stop making pixels nobody will write.
 */
final class BackgroundWrite {
    private final Thread thread;
    private volatile Path file;
    private volatile Throwable failure;

    private BackgroundWrite(Supplier<Path> work, Runnable onFailure) {
        thread = new Thread(() -> {
            try {
                file = work.get();
            } catch (RuntimeException | Error e) {
                failure = e;
                onFailure.run();
            }
        }, "sharpstep-writer");
        thread.setDaemon(true);
    }

    static BackgroundWrite start(Supplier<Path> work, Runnable onFailure) {
        BackgroundWrite w = new BackgroundWrite(work, onFailure);
        w.thread.start();
        return w;
    }

    /** The file written; the write's own failure is rethrown. */
    Path join() {
        awaitEnd();
        Throwable f = failure;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        return file;
    }

    /** The write's failure, once it has ended, or null. */
    Throwable failure() {
        awaitEnd();
        return failure;
    }

    private void awaitEnd() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }
}
