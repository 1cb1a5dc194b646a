package io.sharpstep.engine.ops;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.FloatImage;

/**
 * Colour correction of a result against its source (the bicubic enlargement), over the whole image, as
 * OSEDiff's reference does it. Both images have the same size; the result is changed in place and clamped
 * to [0, 1].
 */
public final class ColorFixes {
    private static final int WAVELET_LEVELS = 5;
    /**
     * Rows or columns a region needs on each side for {@link #wavelet} to give, in its inside, exactly the
     * values of the whole image: the blurs reach 1 + 2 + 4 + 8 + 16 pixels.
     */
    public static final int WAVELET_HALO = (1 << WAVELET_LEVELS) - 1;

    private ColorFixes() {
    }

    /** Fixes {@code result} in place against {@code source} (same size), both whole images. */
    public static void apply(ColorFix fix, FloatImage result, FloatImage source) {
        if (result.channels() != source.channels() || result.width() != source.width()
                || result.height() != source.height()) {
            throw new IllegalArgumentException("colour fix needs equal sizes");
        }
        switch (fix) {
            case ADAIN -> adain(result, source);
            case WAVELET -> wavelet(result, source);
            case NONE -> clamp(result);
        }
    }

    /** Per channel: (t − μt)/σt·σs + μs with σ = sqrt(unbiased variance + 1e-5), over the whole images. */
    public static void adain(FloatImage target, FloatImage source) {
        ChannelStats t = new ChannelStats(target.channels());
        ChannelStats s = new ChannelStats(source.channels());
        t.add(target);
        s.add(source);
        adain(target, t, s);
    }

    /**
     * AdaIN with statistics of the whole images, on one region of the target (in place, clamped): per channel
     * (t − μt)/σt·σs + μs.
     */
    public static void adain(FloatImage region, ChannelStats target, ChannelStats source) {
        int n = region.planeSize();
        float[] t = region.data();
        for (int c = 0; c < region.channels(); c++) {
            double mt = target.mean(c);
            double ms = source.mean(c);
            double gain = source.std(c) / target.std(c);
            for (int i = c * n; i < (c + 1) * n; i++) {
                t[i] = (float) ((t[i] - mt) * gain + ms);
            }
        }
        clamp(t, 0, t.length);
    }

    /** Clamps every value to [0, 1] (the colour fix "none"). */
    public static void clamp(FloatImage img) {
        clamp(img.data(), 0, img.data().length);
    }

    /** result − lowpass(result) + lowpass(source), lowpass = 5 dilated [1,2,1]² blurs, replicate edges. */
    public static void wavelet(FloatImage target, FloatImage source) {
        int w = target.width();
        int h = target.height();
        int n = w * h;
        float[] t = target.data();
        // One channel per core; each needs two scratch planes.
        Rows.parallel(target.channels(), 2, c -> {
            float[] a = new float[n];
            float[] b = new float[n];
            float[] low = lowpass(t, c * n, w, h, a, b);
            for (int i = 0; i < n; i++) {
                t[c * n + i] -= low[i];
            }
            low = lowpass(source.data(), c * n, w, h, a, b);
            for (int i = 0; i < n; i++) {
                t[c * n + i] += low[i];
            }
            clamp(t, c * n, (c + 1) * n);
        });
    }

    /** The lowest band of plane src[off..]: returns a or b (the scratch arrays). */
    private static float[] lowpass(float[] src, int off, int w, int h, float[] a, float[] b) {
        System.arraycopy(src, off, a, 0, w * h);
        for (int level = 0; level < WAVELET_LEVELS; level++) {
            int r = 1 << level;
            for (int y = 0; y < h; y++) {
                int row = y * w;
                for (int x = 0; x < w; x++) {
                    b[row + x] = 0.25f * a[row + Math.max(x - r, 0)] + 0.5f * a[row + x]
                            + 0.25f * a[row + Math.min(x + r, w - 1)];
                }
            }
            for (int y = 0; y < h; y++) {
                int up = Math.max(y - r, 0) * w;
                int row = y * w;
                int down = Math.min(y + r, h - 1) * w;
                for (int x = 0; x < w; x++) {
                    a[row + x] = 0.25f * b[up + x] + 0.5f * b[row + x] + 0.25f * b[down + x];
                }
            }
        }
        return a;
    }

    static void clamp(float[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            float x = v[i];
            v[i] = x < 0 ? 0 : (x > 1 ? 1 : x);
        }
    }
}
