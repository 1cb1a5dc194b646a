package io.sharpstep.image;

import io.sharpstep.core.FloatImage;

/**
 * A decoded photo.
 *
 * @param rgb          colour, 3 channels in [0, 1], in the file's own RGB space
 * @param alpha        transparency, 1 channel, or null
 * @param bitsPerValue 8 or 16: what the file stored
 * @param formatName   the decoder's format name, e.g. "JPEG"
 * @param metadata     what is carried over to the result
 */
public record LoadedImage(FloatImage rgb, FloatImage alpha, int bitsPerValue, String formatName,
                          PhotoMetadata metadata) {
    public int width() {
        return rgb.width();
    }

    public int height() {
        return rgb.height();
    }
}
