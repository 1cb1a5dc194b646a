package io.sharpstep.image;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;

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

    /**
     * The upright view of pixels stored with EXIF {@code orientation}, read region by region: each region of the
     * upright image is a rectangle of the stored one, read and turned. The source itself for 1 or unknown.
     */
    public static PixelSource upright(PixelSource src, int orientation) {
        if (src == null || orientation < 2 || orientation > 8) {
            return src;
        }
        boolean swap = swapsAxes(orientation);
        int w = src.width();
        int h = src.height();
        return PixelSource.of(src.channels(), swap ? h : w, swap ? w : h, src.bits(),
                r -> uprightRead(src, orientation, r));
    }

    /** Region {@code r} of the upright image: the stored rectangle it comes from, read and turned. */
    private static FloatImage uprightRead(PixelSource src, int orientation, Rect r) {
        int w = src.width();
        int h = src.height();
        int[] a = stored(orientation, r.x(), r.y(), w, h);
        int[] b = stored(orientation, r.x() + r.width() - 1, r.y() + r.height() - 1, w, h);
        Rect s = new Rect(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.abs(a[0] - b[0]) + 1,
                Math.abs(a[1] - b[1]) + 1);
        return upright(src.read(s), orientation);
    }

    /** Where upright pixel (x, y) is stored, in a stored image of {@code w × h}. */
    private static int[] stored(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 2 -> new int[] {w - 1 - x, y};
            case 3 -> new int[] {w - 1 - x, h - 1 - y};
            case 4 -> new int[] {x, h - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {y, h - 1 - x};
            case 7 -> new int[] {w - 1 - y, h - 1 - x};
            default -> new int[] {w - 1 - y, x};
        };
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
