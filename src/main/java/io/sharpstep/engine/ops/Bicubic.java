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
        private final BicubicTaps h;
        private final BicubicTaps v;
        private final boolean quantize8;
        private final Runnable checkpoint;
        private int[] hk;
        private int[] vk;
        /** The horizontal pass by phase, where the enlargement is by a whole factor; null otherwise. */
        private Phases phases;

        Resampled(PixelSource src, int outW, int outH, Runnable checkpoint) {
            if (outW <= 0 || outH <= 0) {
                throw new IllegalArgumentException("empty output " + outW + "x" + outH);
            }
            this.src = src;
            this.outW = outW;
            this.outH = outH;
            this.h = BicubicTaps.of(src.width(), outW);
            this.v = BicubicTaps.of(src.height(), outH);
            this.quantize8 = src.bits() == 8;
            this.checkpoint = checkpoint;
            if (quantize8) {
                hk = h.fixedPoint();
                vk = v.fixedPoint();
                phases = Phases.of(h, hk, src.width(), outW);
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

        /** The horizontal 8-bit pass, output by output, for outputs [x0, x1) of one row. */
        private void horizontal8(int[] px, int rowIn, int[] mid, int rowOut, int x0, int x1) {
            for (int x = x0; x < x1; x++) {
                int s = 1 << (BicubicTaps.PRECISION_BITS - 1);
                int base = h.first[x];
                int off = x * h.width;
                for (int k = 0; k < h.count[x]; k++) {
                    s += hk[off + k] * px[rowIn + base + k];
                }
                mid[rowOut + x] = BicubicTaps.clip8(s);
            }
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
            int lo = phases == null ? r.x() : Math.max(r.x(), Math.min(phases.end, phases.start));
            int hi = phases == null ? r.x() : Math.max(lo, Math.min(r.x() + ow, phases.end));
            Rows.parallel(c * inH, row -> {
                checkpoint.run();
                int rowIn = row * inW - sx0;
                int rowOut = row * ow - r.x();
                horizontal8(px, rowIn, mid, rowOut, r.x(), lo);
                if (hi > lo) {
                    phases.run(px, rowIn, mid, rowOut, lo, hi);
                }
                horizontal8(px, rowIn, mid, rowOut, hi, r.x() + ow);
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
                    acc[i] = (1 << (BicubicTaps.PRECISION_BITS - 1)) + w0 * mid[first + i];
                }
                for (int k = 1; k < v.count[y]; k++) {
                    int w = vk[off + k];
                    int from = planeMid + (base + k) * ow;
                    for (int i = 0; i < ow; i++) {
                        acc[i] += w * mid[from + i];
                    }
                }
                for (int i = 0; i < ow; i++) {
                    out[rowOut + i] = BYTE_VALUES[BicubicTaps.clip8(acc[i])];
                }
            });
            return new FloatImage(c, ow, oh, out);
        }
    }

    /**
     * The horizontal 8-bit pass for an enlargement by a whole factor f: away from the edges, output x = f·j + p
     * has phase p's taps (the same weights for every j) starting at input j + offset(p). Taken phase by phase and
     * tap by tap, each inner loop runs over consecutive inputs and vectorises; the integer sums are the same as
     * output by output (integer addition does not depend on its order). Outputs whose taps differ (near the
     * edges, where Pillow drops taps and renormalises) stay on the general path.
     */
    private static final class Phases {
        private final int factor;
        private final int taps;
        private final int[][] weights;
        private final int[] offset;
        final int start;
        final int end;

        private Phases(int factor, int taps, int[][] weights, int[] offset, int start, int end) {
            this.factor = factor;
            this.taps = taps;
            this.weights = weights;
            this.offset = offset;
            this.start = start;
            this.end = end;
        }

        /** The phases of {@code h} (fixed-point weights {@code hk}), or null if there is no regular interior. */
        static Phases of(BicubicTaps h, int[] hk, int inSize, int outSize) {
            if (outSize % inSize != 0 || outSize / inSize < 2 || inSize < 16) {
                return null;
            }
            int f = outSize / inSize;
            int mid = outSize / 2 / f * f;
            int taps = h.count[mid];
            int[][] w = new int[f][taps];
            int[] off = new int[f];
            for (int p = 0; p < f; p++) {
                int x = mid + p;
                if (h.count[x] != taps) {
                    return null;
                }
                System.arraycopy(hk, x * h.width, w[p], 0, taps);
                off[p] = h.first[x] - x / f;
            }
            boolean[] regular = new boolean[outSize];
            for (int x = 0; x < outSize; x++) {
                int p = x % f;
                boolean ok = h.count[x] == taps && h.first[x] - x / f == off[p];
                for (int k = 0; ok && k < taps; k++) {
                    ok = hk[x * h.width + k] == w[p][k];
                }
                regular[x] = ok;
            }
            int start = mid;
            while (start > 0 && regular[start - 1]) {
                start--;
            }
            int end = mid;
            while (end < outSize && regular[end]) {
                end++;
            }
            // Whole groups of f outputs only, so every phase covers the same inputs.
            start = (start + f - 1) / f * f;
            end = end / f * f;
            return end - start >= 2 * f ? new Phases(f, taps, w, off, start, end) : null;
        }

        /** Outputs [x0, x1) of one row (inside [start, end)) from {@code px} (row at {@code rowIn}) into mid. */
        void run(int[] px, int rowIn, int[] mid, int rowOut, int x0, int x1) {
            int[] acc = new int[(x1 - x0) / factor + 2];
            for (int p = 0; p < factor; p++) {
                int j0 = Math.floorDiv(x0 - p + factor - 1, factor);
                int j1 = Math.floorDiv(x1 - p + factor - 1, factor);
                int n = j1 - j0;
                if (n <= 0) {
                    continue;
                }
                int[] wp = weights[p];
                int from = rowIn + j0 + offset[p];
                int w0 = wp[0];
                for (int j = 0; j < n; j++) {
                    acc[j] = (1 << (BicubicTaps.PRECISION_BITS - 1)) + w0 * px[from + j];
                }
                for (int k = 1; k < taps; k++) {
                    int wk = wp[k];
                    int at = from + k;
                    for (int j = 0; j < n; j++) {
                        acc[j] += wk * px[at + j];
                    }
                }
                int out = rowOut + j0 * factor + p;
                for (int j = 0; j < n; j++) {
                    mid[out + j * factor] = BicubicTaps.clip8(acc[j]);
                }
            }
        }
    }
}
