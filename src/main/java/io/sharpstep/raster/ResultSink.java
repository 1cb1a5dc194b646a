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
        boolean wide = raster.bits() == 16;
        float[] d = rgb.data();
        byte[] out = new byte[n * ch * (wide ? 2 : 1)];
        for (int c = 0; c < ch; c++) {
            int plane = c * n;
            for (int p = 0; p < n; p++) {
                int q;
                if (c == 3) {
                    q = a == null ? max : quantize(a[p], max);
                } else if (flatten) {
                    float av = clamp(a[p]);
                    q = quantize(clamp(d[plane + p]) * av + (1 - av), max);
                } else {
                    q = quantize(d[plane + p], max);
                }
                int at = p * ch + c;
                if (wide) {
                    out[2 * at] = (byte) (q >>> 8); // big-endian, as PNG and the writers' rasters expect
                    out[2 * at + 1] = (byte) q;
                } else {
                    out[at] = (byte) q;
                }
            }
        }
        raster.write(r, out);
    }

    /**
     * The sample for {@code v}: 0 for NaN and below 0, {@code max} from 1, else round(v·max) rounding halves up,
     * exactly as {@code Math.round(v * max)} (the float product is widened, so adding the half is exact).
     */
    public static int quantize(float v, int max) {
        return v <= 0 || Float.isNaN(v) ? 0 : v >= 1 ? max : (int) ((double) (v * max) + 0.5);
    }

    private static float clamp(float v) {
        return v <= 0 || Float.isNaN(v) ? 0 : Math.min(v, 1);
    }
}
