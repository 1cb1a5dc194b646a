package io.sharpstep.raster;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSink;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;

/**
 * Turns finished float pixels into the samples of a {@link ResultRaster}: rounded to its bit depth (values
 * clamped to [0, 1]; NaN as 0), with the alpha of the same region from {@code alpha} (the enlarged transparency,
 * read region by region). Where the raster holds no alpha but the image has some, the picture is laid over
 * white rather than showing whatever colour hides under transparent pixels.
 */
public final class ResultSink implements PixelSink {
    private final ResultRaster raster;
    private final PixelSource alpha;

    /**
     * @param alpha the transparency at the raster's size, or null
     */
    public ResultSink(ResultRaster raster, PixelSource alpha) {
        this.raster = raster;
        this.alpha = alpha;
    }

    @Override
    public void put(Rect r, FloatImage rgb) {
        int n = r.width() * r.height();
        float[] a = alpha == null ? null : alpha.read(r).data();
        boolean flatten = a != null && raster.channels() == 3;
        int ch = raster.channels();
        int max = raster.max();
        float[] d = rgb.data();
        int[] samples = new int[n * ch];
        for (int p = 0; p < n; p++) {
            float av = flatten ? clamp(a[p]) : 1f;
            for (int c = 0; c < 3; c++) {
                float v = d[c * n + p];
                if (flatten) {
                    v = clamp(v) * av + (1 - av);
                }
                samples[p * ch + c] = quantize(v, max);
            }
            if (ch == 4) {
                samples[p * ch + 3] = a == null ? max : quantize(a[p], max);
            }
        }
        raster.write(r, samples);
    }

    /** The sample for {@code v}: 0 for NaN and below 0, {@code max} from 1, else round(v·max). */
    public static int quantize(float v, int max) {
        return v <= 0 || Float.isNaN(v) ? 0 : v >= 1 ? max : Math.round(v * max);
    }

    private static float clamp(float v) {
        return v <= 0 || Float.isNaN(v) ? 0 : Math.min(v, 1);
    }
}
