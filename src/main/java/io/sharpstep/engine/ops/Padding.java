package io.sharpstep.engine.ops;

import io.sharpstep.core.FloatImage;

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
        return pad(src, 0, 0, w, h);
    }

    /**
     * A {@code w × h} image with the source placed at ({@code left}, {@code top}) and mirrored outwards on
     * every side, as {@link #padTo}.
     */
    public static FloatImage pad(FloatImage src, int left, int top, int w, int h) {
        if (left == 0 && top == 0 && w == src.width() && h == src.height()) {
            return src;
        }
        if (left < 0 || top < 0 || w < left + src.width() || h < top + src.height()) {
            throw new IllegalArgumentException("cannot pad " + src.width() + "x" + src.height() + " to " + w + "x"
                    + h + " at " + left + "," + top);
        }
        FloatImage out = FloatImage.zeros(src.channels(), w, h);
        int[] xs = new int[w];
        for (int x = 0; x < w; x++) {
            xs[x] = mirror(x - left, src.width());
        }
        Rows.parallel(src.channels() * h, row -> {
            int c = row / h;
            int sy = mirror(row % h - top, src.height());
            for (int x = 0; x < w; x++) {
                out.set(c, x, row % h, src.get(c, xs[x], sy));
            }
        });
        return out;
    }

    /** Reflect-101 index into [0, n); clamped where the image is too small to mirror that far. */
    public static int mirror(int i, int n) {
        if (i < 0) {
            return Math.min(-i, n - 1);
        }
        if (i < n) {
            return i;
        }
        int m = 2 * (n - 1) - i;
        return m >= 0 ? m : n - 1;
    }
}
