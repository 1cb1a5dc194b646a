package io.sharpstep.engine.pack;

/**
 * The fixed text embedding a one-step-latent pack ships.
 *
 * @param file  raw little-endian float32 file, relative to the pack folder
 * @param shape its shape, e.g. [1, 77, 1024]
 */
public record PromptSpec(String file, long[] shape) {
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
