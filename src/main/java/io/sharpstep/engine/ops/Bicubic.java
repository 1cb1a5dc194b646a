package io.sharpstep.engine.ops;

import io.sharpstep.core.FloatImage;

/**
 * Bicubic resampling exactly as Pillow's {@code Image.resize(..., BICUBIC)} does it: Keys kernel with
 * a = -0.5, separable, horizontal pass first, kernel support widened when shrinking, taps that fall outside
 * the image dropped and the rest renormalised (no edge replication). For 8-bit sources Pillow works in
 * fixed point: weights rounded to 22 fractional bits, 8-bit input, each pass rounded and clipped to 8 bits;
 * {@code quantize8} reproduces that integer arithmetic (the source is read as 8-bit, round(v·255)) so results
 * match Pillow value for value, not just to within one step.
 */
public final class Bicubic {
    private static final double A = -0.5;
    private static final double SUPPORT = 2.0;
    /** Pillow's PRECISION_BITS for 8-bit resampling (32 - 8 - 2). */
    private static final int PRECISION_BITS = 22;

    private Bicubic() {
    }

    /** Resizes every channel to {@code outW × outH}. */
    public static FloatImage resize(FloatImage src, int outW, int outH, boolean quantize8) {
        return resize(src, outW, outH, quantize8, () -> { });
    }

    /**
     * As {@link #resize(FloatImage, int, int, boolean)}, calling {@code checkpoint} before each row so a
     * caller can stop a large resampling part-way (by throwing from it).
     */
    public static FloatImage resize(FloatImage src, int outW, int outH, boolean quantize8, Runnable checkpoint) {
        Taps h = Taps.of(src.width(), outW);
        Taps v = Taps.of(src.height(), outH);
        if (quantize8) {
            return resize8(src, outW, outH, h, v, checkpoint);
        }
        int c = src.channels();
        float[] mid = new float[c * outW * src.height()];
        float[] in = src.data();
        Rows.parallel(c * src.height(), row -> {
            checkpoint.run();
            int rowIn = row * src.width();
            int rowOut = row * outW;
            for (int x = 0; x < outW; x++) {
                double s = 0;
                int base = h.first[x];
                int off = x * h.width;
                for (int k = 0; k < h.count[x]; k++) {
                    s += h.weight[off + k] * in[rowIn + base + k];
                }
                mid[rowOut + x] = (float) s;
            }
        });
        float[] out = new float[c * outW * outH];
        Rows.parallel(c * outH, row -> {
            checkpoint.run();
            int ch = row / outH;
            int y = row % outH;
            int planeMid = ch * src.height() * outW;
            int rowOut = row * outW;
            int base = v.first[y];
            int off = y * v.width;
            for (int x = 0; x < outW; x++) {
                double s = 0;
                for (int k = 0; k < v.count[y]; k++) {
                    s += v.weight[off + k] * mid[planeMid + (base + k) * outW + x];
                }
                out[rowOut + x] = (float) s;
            }
        });
        return new FloatImage(c, outW, outH, out);
    }

    /** Enlarges by an integer factor. */
    public static FloatImage upscale(FloatImage src, int scale, boolean quantize8) {
        return resize(src, src.width() * scale, src.height() * scale, quantize8);
    }

    /** Enlarges by an integer factor, calling {@code checkpoint} before each row. */
    public static FloatImage upscale(FloatImage src, int scale, boolean quantize8, Runnable checkpoint) {
        return resize(src, src.width() * scale, src.height() * scale, quantize8, checkpoint);
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

    /**
     * Pillow's 8-bit path (ImagingResampleHorizontal_8bpc / Vertical_8bpc): integer weights, accumulator
     * started at one half, each pass shifted back to 8 bits and clipped.
     */
    private static FloatImage resize8(FloatImage src, int outW, int outH, Taps h, Taps v,
                                      Runnable checkpoint) {
        int c = src.channels();
        int inW = src.width();
        int inH = src.height();
        float[] in = src.data();
        int[] px = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            px[i] = (int) Math.max(0, Math.min(255, Math.floor(in[i] * 255.0 + 0.5)));
        }
        int[] hk = h.fixedPoint();
        int[] vk = v.fixedPoint();
        int[] mid = new int[c * outW * inH];
        Rows.parallel(c * inH, row -> {
            checkpoint.run();
            int rowIn = row * inW;
            int rowOut = row * outW;
            for (int x = 0; x < outW; x++) {
                long s = 1L << (PRECISION_BITS - 1);
                int base = h.first[x];
                int off = x * h.width;
                for (int k = 0; k < h.count[x]; k++) {
                    s += (long) hk[off + k] * px[rowIn + base + k];
                }
                mid[rowOut + x] = clip8(s);
            }
        });
        float[] out = new float[c * outW * outH];
        Rows.parallel(c * outH, row -> {
            checkpoint.run();
            int ch = row / outH;
            int y = row % outH;
            int planeMid = ch * inH * outW;
            int base = v.first[y];
            int off = y * v.width;
            int rowOut = row * outW;
            for (int x = 0; x < outW; x++) {
                long s = 1L << (PRECISION_BITS - 1);
                for (int k = 0; k < v.count[y]; k++) {
                    s += (long) vk[off + k] * mid[planeMid + (base + k) * outW + x];
                }
                out[rowOut + x] = clip8(s) / 255f;
            }
        });
        return new FloatImage(c, outW, outH, out);
    }

    /** Pillow's clip8: drops the fraction bits and clips to 0..255. */
    private static int clip8(long s) {
        long r = s >> PRECISION_BITS;
        return (int) Math.max(0, Math.min(255, r));
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
            double ss = 1.0 / filterScale; // Pillow multiplies by the reciprocal (last-bit identical weights)
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
                    double val = kernel((k + xmin - center + 0.5) * ss);
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

        /** The weights as Pillow's normalize_coeffs_8bpc rounds them: 22 fractional bits, half away from 0. */
        int[] fixedPoint() {
            int[] k = new int[weight.length];
            for (int i = 0; i < weight.length; i++) {
                double p = weight[i] * (1 << PRECISION_BITS);
                k[i] = (int) (p < 0 ? p - 0.5 : p + 0.5);
            }
            return k;
        }
    }
}
