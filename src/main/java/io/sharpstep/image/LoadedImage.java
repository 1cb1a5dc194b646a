package io.sharpstep.image;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;

/**
 * A decoded photo, upright, readable region by region.
 *
 * @param rgb          colour, 3 channels in [0, 1], in the file's own RGB space
 * @param alpha        transparency, 1 channel, or null
 * @param bitsPerValue 8 or 16: what the file stored
 * @param formatName   the decoder's format name, e.g. "JPEG"
 * @param metadata     what is carried over to the result
 */
public record LoadedImage(PixelSource rgb, PixelSource alpha, int bitsPerValue, String formatName,
                          PhotoMetadata metadata) {
    public int width() {
        return rgb.width();
    }

    public int height() {
        return rgb.height();
    }

    /** All colour pixels at once: for small images (tests, thumbnails) only. */
    public FloatImage rgbImage() {
        return rgb.read(new Rect(0, 0, width(), height()));
    }

    /** All alpha at once, or null: for small images only. */
    public FloatImage alphaImage() {
        return alpha == null ? null : alpha.read(new Rect(0, 0, width(), height()));
    }
}
