package io.sharpstep.install;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs ONNX Runtime work on a thread with a large stack. Creating a session for the full-size SD 2.1 text
 * encoder recursed deeper than a default 1 MB Java thread stack inside libonnxruntime (SIGSEGV, measured with
 * ORT 1.29 on Linux; -Xss16m was enough), so the installer never depends on the caller's stack size.
 */
final class BigStack {
    private static final long STACK = 64L << 20;

    private BigStack() {
    }

    static <T> T call(String name, Callable<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(work.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name, STACK);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.sharpstep.core.CancelledException();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new java.io.UncheckedIOException(new java.io.IOException(f));
        }
        return result.get();
    }
}
