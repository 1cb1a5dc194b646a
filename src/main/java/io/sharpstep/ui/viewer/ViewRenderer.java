package io.sharpstep.ui.viewer;

/**
 * Draws layers into a viewport buffer for a given zoom and centre. Magnified views sample the nearest pixel
 * (so single pixels stay visible as squares); reduced views average a small grid of samples to keep fine
 * detail from aliasing. Pixels outside the image, or not computed yet, get the neutral background.
 */
public final class ViewRenderer {
    /** Neutral mid-dark grey behind the image. */
    public static final int BACKGROUND = 0xff303030;

    private ViewRenderer() {
    }

    /**
     * Fills {@code out} (vw × vh, ARGB) with {@code left} in columns [0, splitX) and {@code right} from splitX
     * on. Either layer may be null (background).
     */
    public static void render(Layer left, Layer right, int splitX, double zoom, double centerX, double centerY,
                              int vw, int vh, int[] out) {
        int n = zoom >= 1 ? 1 : Math.min(3, (int) Math.ceil(1 / zoom - 1e-9));
        double step = 1 / zoom;
        double x0 = centerX - vw / 2.0 * step;
        double y0 = centerY - vh / 2.0 * step;
        for (int vy = 0; vy < vh; vy++) {
            double iy = y0 + vy * step;
            int row = vy * vw;
            for (int vx = 0; vx < vw; vx++) {
                Layer layer = vx < splitX ? left : right;
                double ix = x0 + vx * step;
                out[row + vx] = layer == null ? BACKGROUND
                        : n == 1 ? sample(layer, ix + step / 2, iy + step / 2) : average(layer, ix, iy, step, n);
            }
        }
    }

    private static int sample(Layer layer, double x, double y) {
        if (x < 0 || y < 0) {
            return BACKGROUND;
        }
        int ix = (int) x;
        int iy = (int) y;
        if (ix >= layer.width() || iy >= layer.height()) {
            return BACKGROUND;
        }
        int p = layer.argb(ix, iy);
        return (p >>> 24) == 0 ? BACKGROUND : p;
    }

    private static int average(Layer layer, double x, double y, double step, int n) {
        int r = 0;
        int g = 0;
        int b = 0;
        int count = n * n;
        double d = step / n;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                int p = sample(layer, x + (i + 0.5) * d, y + (j + 0.5) * d);
                r += (p >> 16) & 0xff;
                g += (p >> 8) & 0xff;
                b += p & 0xff;
            }
        }
        return 0xff000000 | (r / count) << 16 | (g / count) << 8 | (b / count);
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
