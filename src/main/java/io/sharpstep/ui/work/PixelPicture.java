package io.sharpstep.ui.work;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;
import io.sharpstep.raster.Picture;
import io.sharpstep.raster.ResultSink;

/**
 * A decoded photo as a {@link Picture} an encoder can walk (row by row, samples at the photo's own depth), so a
 * written result can be re-encoded in another format without a float copy of it.
 */
final class PixelPicture implements Picture {
    private final PixelSource rgb;
    private final PixelSource alpha;
    private final int bits;

    PixelPicture(PixelSource rgb, PixelSource alpha, int bits) {
        this.rgb = rgb;
        this.alpha = alpha;
        this.bits = bits > 8 ? 16 : 8;
    }

    @Override
    public int width() {
        return rgb.width();
    }

    @Override
    public int height() {
        return rgb.height();
    }

    @Override
    public int channels() {
        return alpha == null ? 3 : 4;
    }

    @Override
    public int bits() {
        return bits;
    }

    @Override
    public void readBytes(Rect r, byte[] dst, int off) {
        FloatImage c = rgb.read(r);
        FloatImage a = alpha == null ? null : alpha.read(r);
        int n = r.width() * r.height();
        int ch = channels();
        int max = bits == 16 ? 65535 : 255;
        float[] d = c.data();
        int gap = c.channels() >= 3 ? n : 0;
        int at = off;
        for (int p = 0; p < n; p++) {
            for (int k = 0; k < ch; k++) {
                float v = k < 3 ? d[p + k * gap] : a.data()[p];
                int s = ResultSink.quantize(v, max);
                if (bits == 16) {
                    dst[at++] = (byte) (s >>> 8);
                }
                dst[at++] = (byte) s;
            }
        }
    }
}
