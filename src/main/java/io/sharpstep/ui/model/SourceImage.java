package io.sharpstep.ui.model;

import io.sharpstep.core.FloatImage;
import io.sharpstep.ui.viewer.Raster;

/**
 * A decoded input photo: full-precision pixels (for region previews and the bicubic view) and their display
 * copy.
 */
public record SourceImage(FloatImage rgb, boolean is8Bit, Raster display) {
    public static SourceImage of(FloatImage rgb, boolean is8Bit) {
        return new SourceImage(rgb, is8Bit, Raster.of(rgb));
    }
}
