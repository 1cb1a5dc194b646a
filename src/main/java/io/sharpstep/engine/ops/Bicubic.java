package io.sharpstep.engine.ops;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;

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
    /** k / 255f for every 8-bit k. */
    private static final float[] BYTE_VALUES = new float[256];

    static {
        for (int k = 0; k < 256; k++) {
            BYTE_VALUES[k] = k / 255f;
        }
    }

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
        return new Resampled(src.asSource(quantize8 ? 8 : 32), outW, outH, checkpoint)
                .read(new Rect(0, 0, outW, outH));
    }

    /** Enlarges by an integer factor. */
    public static FloatImage upscale(FloatImage src, int scale, boolean quantize8) {
        return resize(src, src.width() * scale, src.height() * scale, quantize8);
    }

    /** Enlarges by an integer factor, calling {@code checkpoint} before each row. */
    public static FloatImage upscale(FloatImage src, int scale, boolean quantize8, Runnable checkpoint) {
        return resize(src, src.width() * scale, src.height() * scale, quantize8, checkpoint);
    }

    /**
     * {@code src} resampled to {@code outW × outH}, computed region by region on demand: every region holds
     * exactly the values the whole-image resampling has there (the same taps, the same arithmetic), so a photo
     * can be enlarged a band at a time. 8-bit sources ({@link PixelSource#bits()} = 8) take Pillow's integer path.
     */
    public static PixelSource resized(PixelSource src, int outW, int outH, Runnable checkpoint) {
        return new Resampled(src, outW, outH, checkpoint);
    }

    /** One resampling: the taps of both axes, computed once, applied to any region. */
    private static final class Resampled implements PixelSource {
        private final PixelSource src;
        private final int outW;
        private final int outH;
        private final Taps h;
        private final Taps v;
        private final boolean quantize8;
        private final Runnable checkpoint;
        private int[] hk;
        private int[] vk;

        Resampled(PixelSource src, int outW, int outH, Runnable checkpoint) {
            if (outW <= 0 || outH <= 0) {
                throw new IllegalArgumentException("empty output " + outW + "x" + outH);
            }
            this.src = src;
            this.outW = outW;
            this.outH = outH;
            this.h = Taps.of(src.width(), outW);
            this.v = Taps.of(src.height(), outH);
            this.quantize8 = src.bits() == 8;
            this.checkpoint = checkpoint;
            if (quantize8) {
                hk = h.fixedPoint();
                vk = v.fixedPoint();
            }
        }

        @Override
        public int channels() {
            return src.channels();
        }

        @Override
        public int width() {
            return outW;
        }

        @Override
        public int height() {
            return outH;
        }

        @Override
        public int bits() {
            return 32;
        }

        @Override
        public FloatImage read(Rect r) {
            check(r);
            int ox = r.x();
            int ow = r.width();
            int sx0 = h.first[ox];
            int sx1 = h.first[ox + ow - 1] + h.count[ox + ow - 1];
            int sy0 = v.first[r.y()];
            int sy1 = v.first[r.y() + r.height() - 1] + v.count[r.y() + r.height() - 1];
            sx0 = Math.min(sx0, sx1 - 1);
            sy0 = Math.min(sy0, sy1 - 1);
            FloatImage in = src.read(new Rect(sx0, sy0, sx1 - sx0, sy1 - sy0));
            return quantize8 ? region8(in, sx0, sy0, r) : regionFloat(in, sx0, sy0, r);
        }

        private FloatImage regionFloat(FloatImage src, int sx0, int sy0, Rect r) {
            int c = src.channels();
            int inW = src.width();
            int inH = src.height();
            int ow = r.width();
            int oh = r.height();
            float[] mid = new float[c * ow * inH];
            float[] in = src.data();
            Rows.parallel(c * inH, row -> {
                checkpoint.run();
                int rowIn = row * inW - sx0;
                int rowOut = row * ow;
                for (int i = 0; i < ow; i++) {
                    int x = r.x() + i;
                    double s = 0;
                    int base = h.first[x];
                    int off = x * h.width;
                    for (int k = 0; k < h.count[x]; k++) {
                        s += h.weight[off + k] * in[rowIn + base + k];
                    }
                    mid[rowOut + i] = (float) s;
                }
            });
            float[] out = new float[c * ow * oh];
            Rows.parallel(c * oh, row -> {
                checkpoint.run();
                int ch = row / oh;
                int y = r.y() + row % oh;
                int planeMid = ch * inH * ow;
                int rowOut = row * ow;
                int base = v.first[y] - sy0;
                int off = y * v.width;
                for (int i = 0; i < ow; i++) {
                    double s = 0;
                    for (int k = 0; k < v.count[y]; k++) {
                        s += v.weight[off + k] * mid[planeMid + (base + k) * ow + i];
                    }
                    out[rowOut + i] = (float) s;
                }
            });
            return new FloatImage(c, ow, oh, out);
        }

        /**
         * Pillow's 8-bit path (ImagingResampleHorizontal_8bpc / Vertical_8bpc): integer weights, accumulator
         * started at one half, each pass shifted back to 8 bits and clipped.
         */
        private FloatImage region8(FloatImage src, int sx0, int sy0, Rect r) {
            int c = src.channels();
            int inW = src.width();
            int inH = src.height();
            int ow = r.width();
            int oh = r.height();
            float[] in = src.data();
            int[] px = new int[in.length];
            for (int i = 0; i < in.length; i++) {
                px[i] = (int) Math.max(0, Math.min(255, Math.floor(in[i] * 255.0 + 0.5)));
            }
            int[] mid = new int[c * ow * inH];
            Rows.parallel(c * inH, row -> {
                checkpoint.run();
                int rowIn = row * inW - sx0;
                int rowOut = row * ow;
                for (int i = 0; i < ow; i++) {
                    int x = r.x() + i;
                    int s = 1 << (PRECISION_BITS - 1);
                    int base = h.first[x];
                    int off = x * h.width;
                    for (int k = 0; k < h.count[x]; k++) {
                        s += hk[off + k] * px[rowIn + base + k];
                    }
                    mid[rowOut + i] = clip8(s);
                }
            });
            float[] out = new float[c * ow * oh];
            Rows.parallel(c * oh, row -> {
                checkpoint.run();
                int ch = row / oh;
                int y = r.y() + row % oh;
                int planeMid = ch * inH * ow;
                int base = v.first[y] - sy0;
                int off = y * v.width;
                int rowOut = row * ow;
                // Tap by tap over the whole row, so the loop vectorises. 32-bit sums as Pillow's: |Σ k·p| stays
                // below 255·Σ|k| < 2^31 with 22-bit weights.
                int[] acc = new int[ow];
                int w0 = vk[off];
                int first = planeMid + base * ow;
                for (int i = 0; i < ow; i++) {
                    acc[i] = (1 << (PRECISION_BITS - 1)) + w0 * mid[first + i];
                }
                for (int k = 1; k < v.count[y]; k++) {
                    int w = vk[off + k];
                    int from = planeMid + (base + k) * ow;
                    for (int i = 0; i < ow; i++) {
                        acc[i] += w * mid[from + i];
                    }
                }
                for (int i = 0; i < ow; i++) {
                    out[rowOut + i] = BYTE_VALUES[clip8(acc[i])];
                }
            });
            return new FloatImage(c, ow, oh, out);
        }
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

    /** Pillow's clip8: drops the fraction bits and clips to 0..255. */
    private static int clip8(int s) {
        int r = s >> PRECISION_BITS;
        return r < 0 ? 0 : Math.min(255, r);
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
