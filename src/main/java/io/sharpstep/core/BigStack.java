package io.sharpstep.core;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs native work on a thread with a large stack and waits for it. ONNX Runtime recurses deeply in places: its
 * initialisation (about 12,000 native frames seen) and creating a session for a large graph (the full-size SD 2.1
 * text encoder) overflowed a default 1 MB Java thread stack inside libonnxruntime and killed the process without
 * a word (SIGSEGV, ORT 1.29 on Linux; -Xss16m was enough). With this, no caller's stack size matters.
 */
public final class BigStack {
    private static final long STACK = 64L << 20;

    private BigStack() {
    }

    /** Work that may throw one kind of checked exception. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** {@code work}'s result, computed on a new thread with a 64 MB stack; its failure is rethrown here as it was. */
    @SuppressWarnings("unchecked")
    public static <T, E extends Exception> T call(String name, Work<T, E> work) throws E {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(work.run());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name, STACK);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw (E) f; // the only checked exception work may throw
        }
        return result.get();
    }
}
