package io.sharpstep.ui.viewer;

/**
 * Packed 8-bit ARGB display pixels, with one reserved value: {@link #UNKNOWN} (0) marks a pixel nothing has been
 * computed or loaded for yet. Real pixels are never 0 (a fully transparent black pixel is stored as 1: its
 * colour does not show), so transparency and "not there yet" stay apart.
 */
public final class Argb {
    /** Nothing known for this pixel yet. */
    public static final int UNKNOWN = 0;

    private Argb() {
    }

    /** A real pixel, never {@link #UNKNOWN}. */
    public static int known(int argb) {
        return argb == UNKNOWN ? 1 : argb;
    }

    /** An opaque pixel from 8-bit channels. */
    public static int rgb(int r, int g, int b) {
        return 0xff000000 | r << 16 | g << 8 | b;
    }

    /** {@code p} at half brightness (alpha kept): the placeholder where a result is still missing. */
    public static int dim(int p) {
        return known(p & 0xff000000 | (p >> 1) & 0x7f7f7f);
    }

    /** A [0, 1] value as an 8-bit channel (NaN and below 0 as 0). */
    public static int channel(float v) {
        return v <= 0 || Float.isNaN(v) ? 0 : v >= 1 ? 255 : Math.round(v * 255f);
    }

    /** {@code p} laid over the opaque {@code under} by its alpha. */
    public static int over(int p, int under) {
        int a = p >>> 24;
        if (a == 255) {
            return p;
        }
        if (a == 0) {
            return under | 0xff000000;
        }
        int r = blend((p >> 16) & 0xff, (under >> 16) & 0xff, a);
        int g = blend((p >> 8) & 0xff, (under >> 8) & 0xff, a);
        int b = blend(p & 0xff, under & 0xff, a);
        return rgb(r, g, b);
    }

    private static int blend(int top, int under, int a) {
        return (top * a + under * (255 - a) + 127) / 255;
    }
}
