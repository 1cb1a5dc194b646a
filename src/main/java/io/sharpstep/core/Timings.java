package io.sharpstep.core;

import java.util.EnumMap;
import java.util.Map;

/**
 * Wall-clock time per part of a job, in nanoseconds: time inside model runs per stage, and the engine's own
 * work (resampling, blending, colour fix, conversion). Safe to book from the job's writer thread too.
 */
public final class Timings {
    /**
     * What a span of time was spent on: the model runs by role and the engine's own kinds of work, which cut across
     * the {@link Stage}s a user sees.
     */
    public enum Part { IO, BICUBIC, ENCODE, UNET, DECODE, MODEL, BLEND, COLOR_FIX, TENSOR }

    private final Map<Part, Long> nanos = new EnumMap<>(Part.class);

    public synchronized void add(Part part, long ns) {
        nanos.merge(part, ns, Long::sum);
    }

    /** Times {@code work} and books it to {@code part}. */
    public <T> T time(Part part, java.util.function.Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(part, System.nanoTime() - t0);
        }
    }

    public void time(Part part, Runnable work) {
        long t0 = System.nanoTime();
        try {
            work.run();
        } finally {
            add(part, System.nanoTime() - t0);
        }
    }

    public synchronized long nanos(Part part) {
        return nanos.getOrDefault(part, 0L);
    }

    public double seconds(Part part) {
        return nanos(part) / 1e9;
    }

    /** Time spent inside the model runs (ONNX Runtime). */
    public long modelNanos() {
        return nanos(Part.ENCODE) + nanos(Part.UNET) + nanos(Part.DECODE) + nanos(Part.MODEL);
    }

}
