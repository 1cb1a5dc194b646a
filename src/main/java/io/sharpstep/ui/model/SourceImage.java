package io.sharpstep.ui.model;

import io.sharpstep.core.PixelSource;
import io.sharpstep.ui.viewer.Raster;

/**
 * A decoded input photo: its pixels, readable region by region (for region previews and the bicubic view), and
 * their display copy.
 */
public record SourceImage(PixelSource rgb, Raster display) {
    public static SourceImage of(PixelSource rgb) {
        return new SourceImage(rgb, Raster.of(rgb));
    }
}
