package io.sharpstep.ui.viewer;

import io.sharpstep.core.Rect;

/**
 * Draws layers into a viewport buffer for a given zoom and centre. Magnified views sample the nearest pixel (so
 * single pixels stay visible as squares); reduced views average 2×2 samples of the level of detail the layer
 * picked, so fine detail does not alias. Transparent pixels are laid over a checkerboard; pixels outside the
 * image, or not there yet, get the neutral background.
 */
public final class ViewRenderer {
    /** Neutral mid-dark grey behind the image. */
    public static final int BACKGROUND = 0xff303030;
    /** The two greys of the checkerboard under transparency, in 8-pixel squares. */
    public static final int CHECK_DARK = 0xff4a4a4a;
    public static final int CHECK_LIGHT = 0xff6e6e6e;

    private ViewRenderer() {
    }

    /**
     * Fills {@code out} (vw × vh, ARGB) with {@code left} in columns [0, splitX) and {@code right} from splitX
     * on; inside {@code region} (output pixels; may be null) {@code regionLayer} shows on either side. Any layer
     * may be null (background).
     */
    public static void render(Layer left, Layer right, int splitX, Layer regionLayer, Rect region, double zoom,
                              double centerX, double centerY, int vw, int vh, int[] out) {
        double step = 1 / zoom;
        double x0 = centerX - vw / 2.0 * step;
        double y0 = centerY - vh / 2.0 * step;
        double y1 = y0 + vh * step;
        double xs = x0 + splitX * step;
        Sampler l = left == null || splitX <= 0 ? Sampler.NOTHING : left.sampler(step, x0, y0, xs, y1);
        Sampler r = right == null || splitX >= vw ? Sampler.NOTHING : right.sampler(step, xs, y0, x0 + vw * step, y1);
        Sampler g = regionLayer == null || region == null ? null : regionLayer.sampler(step, region.x(), region.y(),
                region.x() + region.width(), region.y() + region.height());
        int n = zoom >= 1 - 1e-9 ? 1 : 2;
        double d = step / n;
        for (int vy = 0; vy < vh; vy++) {
            double iy = y0 + vy * step;
            int row = vy * vw;
            for (int vx = 0; vx < vw; vx++) {
                double ix = x0 + vx * step;
                Sampler s = vx < splitX ? l : r;
                if (g != null && inside(region, ix + step / 2, iy + step / 2)) {
                    s = g;
                }
                int check = ((vx >> 3) + (vy >> 3) & 1) == 0 ? CHECK_DARK : CHECK_LIGHT;
                out[row + vx] = n == 1 ? shade(s.argb(ix + step / 2, iy + step / 2), check)
                        : average(s, ix, iy, d, check);
            }
        }
    }

    private static boolean inside(Rect r, double x, double y) {
        return x >= r.x() && y >= r.y() && x < r.x() + r.width() && y < r.y() + r.height();
    }

    private static int shade(int p, int check) {
        if (p == Argb.UNKNOWN) {
            return BACKGROUND;
        }
        return (p >>> 24) == 255 ? p : Argb.over(p, check);
    }

    private static int average(Sampler s, double x, double y, double d, int check) {
        int r = 0;
        int g = 0;
        int b = 0;
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 2; i++) {
                int p = shade(s.argb(x + (i + 0.5) * d, y + (j + 0.5) * d), check);
                r += (p >> 16) & 0xff;
                g += (p >> 8) & 0xff;
                b += p & 0xff;
            }
        }
        return 0xff000000 | (r >> 2) << 16 | (g >> 2) << 8 | (b >> 2);
    }

    /** The output pixel under a viewport point. */
    public static double imageX(double vx, double vw, double zoom, double centerX) {
        return centerX + (vx - vw / 2.0) / zoom;
    }

    public static double imageY(double vy, double vh, double zoom, double centerY) {
        return centerY + (vy - vh / 2.0) / zoom;
    }

    /** The viewport point of an output pixel coordinate. */
    public static double viewX(double ix, double vw, double zoom, double centerX) {
        return (ix - centerX) * zoom + vw / 2.0;
    }

    public static double viewY(double iy, double vh, double zoom, double centerY) {
        return (iy - centerY) * zoom + vh / 2.0;
    }
}
