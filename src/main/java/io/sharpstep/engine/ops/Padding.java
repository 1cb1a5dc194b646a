package io.sharpstep.engine.ops;

import io.sharpstep.engine.FloatImage;

/** Mirror padding on the right and bottom, so graph inputs get sides that are multiples of what they need. */
public final class Padding {
    private Padding() {
    }

    /** The smallest multiple of {@code m} that is ≥ {@code n}. */
    public static int roundUp(int n, int m) {
        return (n + m - 1) / m * m;
    }

    /**
     * Pads to {@code w × h} (≥ the image) by mirroring about the last row / column (reflect, without
     * repeating the edge pixel); where the image is too small to mirror, the edge pixel is repeated.
     */
    public static FloatImage padTo(FloatImage src, int w, int h) {
        if (w == src.width() && h == src.height()) {
            return src;
        }
        if (w < src.width() || h < src.height()) {
            throw new IllegalArgumentException("cannot pad " + src.width() + "x" + src.height() + " to " + w + "x" + h);
        }
        FloatImage out = FloatImage.zeros(src.channels(), w, h);
        int[] xs = new int[w];
        for (int x = 0; x < w; x++) {
            xs[x] = mirror(x, src.width());
        }
        for (int c = 0; c < src.channels(); c++) {
            for (int y = 0; y < h; y++) {
                int sy = mirror(y, src.height());
                for (int x = 0; x < w; x++) {
                    out.set(c, x, y, src.get(c, xs[x], sy));
                }
            }
        }
        return out;
    }

    static int mirror(int i, int n) {
        if (i < n) {
            return i;
        }
        int m = 2 * (n - 1) - i;
        return m >= 0 ? m : n - 1;
    }
}
