package io.sharpstep.core;

/**
 * Where finished pixels go, region by region in any order, each pixel exactly once: the result raster of a
 * job, an image in memory, a preview. Values are floats, nominally in [0, 1] (the sink clamps).
 */
@FunctionalInterface
public interface PixelSink {
    /** Takes the pixels of {@code region} (output coordinates); {@code pixels} is not kept after the call. */
    void put(Rect region, FloatImage pixels);
}
