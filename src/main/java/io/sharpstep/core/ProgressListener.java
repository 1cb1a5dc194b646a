package io.sharpstep.core;

/**
 * Receives progress from the worker thread that runs a job. Implementations that drive a UI must move the
 * report onto their UI thread themselves; the engine never does.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = p -> { };

    void onProgress(Progress progress);

    /**
     * Called with each finished output tile, for live previews: where it goes (output pixels) and its pixels
     * as the model produced them, before blending and colour correction. Regions may reach past the image's
     * edges on any side (padding): clip them. Optional; the tile must not be kept
     * beyond the call without copying.
     */
    default void onTileDone(Rect region, FloatImage pixels) {
    }
}
