package io.sharpstep.image;

import io.sharpstep.core.FloatImage;

/**
 * EXIF orientation. SharpStep turns the pixels upright when it reads a photo and writes orientation 1
 * ("top-left") in every result, so the model sees the scene the right way up and every viewer, including those
 * that ignore the tag, shows the result the same way.
 */
public final class Orientation {
    private Orientation() {
    }

    /** Whether {@code orientation} (1..8) swaps width and height. */
    public static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** The upright image for pixels stored with EXIF {@code orientation}; the image itself for 1 or unknown. */
    public static FloatImage upright(FloatImage src, int orientation) {
        if (src == null || orientation < 2 || orientation > 8) {
            return src;
        }
        int w = src.width();
        int h = src.height();
        boolean swap = swapsAxes(orientation);
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        FloatImage out = FloatImage.zeros(src.channels(), ow, oh);
        float[] s = src.data();
        float[] d = out.data();
        for (int c = 0; c < src.channels(); c++) {
            int sp = c * w * h;
            int dp = c * ow * oh;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int sx;
                    int sy;
                    switch (orientation) {
                        case 2 -> { sx = w - 1 - x; sy = y; }
                        case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                        case 4 -> { sx = x; sy = h - 1 - y; }
                        case 5 -> { sx = y; sy = x; }
                        case 6 -> { sx = y; sy = h - 1 - x; }
                        case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                        default -> { sx = w - 1 - y; sy = x; }
                    }
                    d[dp + y * ow + x] = s[sp + sy * w + sx];
                }
            }
        }
        return out;
    }
}
