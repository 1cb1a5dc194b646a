package io.sharpstep.engine.ops;

import io.sharpstep.engine.FloatImage;

/**
 * Bicubic resampling exactly as Pillow's {@code Image.resize(..., BICUBIC)} does it: Keys kernel with
 * a = -0.5, separable, horizontal pass first, kernel support widened when shrinking, taps that fall outside
 * the image dropped and the rest renormalised (no edge replication). For 8-bit sources Pillow rounds the
 * intermediate image to 8 bits; {@code quantize8} reproduces that so results match it value for value.
 */
public final class Bicubic {
    private static final double A = -0.5;
    private static final double SUPPORT = 2.0;

    private Bicubic() {
    }

    /** Resizes every channel to {@code outW × outH}. */
    public static FloatImage resize(FloatImage src, int outW, int outH, boolean quantize8) {
        Taps h = Taps.of(src.width(), outW);
        Taps v = Taps.of(src.height(), outH);
        int c = src.channels();
        float[] mid = new float[c * outW * src.height()];
        float[] in = src.data();
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < src.height(); y++) {
                int rowIn = (ch * src.height() + y) * src.width();
                int rowOut = (ch * src.height() + y) * outW;
                for (int x = 0; x < outW; x++) {
                    double s = 0;
                    int base = h.first[x];
                    int off = x * h.width;
                    for (int k = 0; k < h.count[x]; k++) {
                        s += h.weight[off + k] * in[rowIn + base + k];
                    }
                    mid[rowOut + x] = quantize8 ? q8(s) : (float) s;
                }
            }
        }
        float[] out = new float[c * outW * outH];
        for (int ch = 0; ch < c; ch++) {
            int planeMid = ch * src.height() * outW;
            int planeOut = ch * outH * outW;
            for (int y = 0; y < outH; y++) {
                int base = v.first[y];
                int off = y * v.width;
                int rowOut = planeOut + y * outW;
                for (int x = 0; x < outW; x++) {
                    double s = 0;
                    for (int k = 0; k < v.count[y]; k++) {
                        s += v.weight[off + k] * mid[planeMid + (base + k) * outW + x];
                    }
                    out[rowOut + x] = quantize8 ? q8(s) : (float) s;
                }
            }
        }
        return new FloatImage(c, outW, outH, out);
    }

    /** Enlarges by an integer factor. */
    public static FloatImage upscale(FloatImage src, int scale, boolean quantize8) {
        return resize(src, src.width() * scale, src.height() * scale, quantize8);
    }

    /** Keys cubic convolution kernel, a = -0.5. */
    static double kernel(double x) {
        x = Math.abs(x);
        if (x < 1) {
            return ((A + 2) * x - (A + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * A;
        }
        return 0;
    }

    /** Rounds to the nearest 1/255 step and clips to [0, 1], as Pillow's clip8 does. */
    private static float q8(double v) {
        double r = Math.floor(v * 255.0 + 0.5);
        return (float) (Math.max(0, Math.min(255, r)) / 255.0);
    }

    /** Per-output-pixel tap ranges and normalised weights for one axis (Pillow's precompute_coeffs). */
    private static final class Taps {
        final int[] first;
        final int[] count;
        final double[] weight;
        final int width;

        private Taps(int[] first, int[] count, double[] weight, int width) {
            this.first = first;
            this.count = count;
            this.weight = weight;
            this.width = width;
        }

        static Taps of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int kmax = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            double[] w = new double[outSize * kmax];
            for (int x = 0; x < outSize; x++) {
                double center = (x + 0.5) * scale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double total = 0;
                for (int k = 0; k < xmax; k++) {
                    double val = kernel((k + xmin - center + 0.5) / filterScale);
                    w[x * kmax + k] = val;
                    total += val;
                }
                for (int k = 0; k < xmax; k++) {
                    if (total != 0) {
                        w[x * kmax + k] /= total;
                    }
                }
                first[x] = xmin;
                count[x] = xmax;
            }
            return new Taps(first, count, w, kmax);
        }
    }
}
