package io.sharpstep.image;

import io.sharpstep.core.Rect;
import io.sharpstep.raster.Picture;

import java.awt.Point;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;

/**
 * A sample model that reads a {@link Picture} a few rows at a time instead of indexing a data buffer: it lets one
 * {@link Raster} stand for an image of any size (offsets in 64 bits) without holding it. Read only; meant for
 * encoders that walk the image row by row.
 */
final class OnDemandSampleModel extends ComponentSampleModel {
    private static final int CACHE_ROWS = 16;

    private final Picture picture;
    private final int[] bands;
    private final RowCache cache;

    private OnDemandSampleModel(Picture picture, int dataType, int[] bands, RowCache cache) {
        super(dataType, picture.width(), picture.height(), bands.length, stride(picture, bands.length),
                offsets(bands.length));
        this.picture = picture;
        this.bands = bands;
        this.cache = cache;
    }

    /**
     * The scan-line stride the superclass checks: its check multiplies in int, so an image over 2 GB of samples
     * (a 48 MP photo ×4 is 2.3 GB) is refused with any true stride. No sample is ever addressed through it (every
     * access is overridden), so such images declare 0, which {@link ComponentSampleModel} accepts (a
     * {@link PixelInterleavedSampleModel} would not).
     */
    private static int stride(Picture p, int bands) {
        long row = (long) p.width() * bands;
        return row * p.height() <= Integer.MAX_VALUE ? (int) row : 0;
    }

    private static int[] offsets(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    /** A raster over the whole picture. */
    static Raster raster(Picture p, int dataType, int[] bands) {
        OnDemandSampleModel sm = new OnDemandSampleModel(p, dataType, bands.clone(), new RowCache(p));
        return Raster.createRaster(sm, new NoData(dataType), new Point(0, 0));
    }

    @Override
    public SampleModel createSubsetSampleModel(int[] subset) {
        int[] b = new int[subset.length];
        for (int i = 0; i < subset.length; i++) {
            b[i] = bands[subset[i]];
        }
        return new OnDemandSampleModel(picture, getDataType(), b, cache);
    }

    @Override
    public SampleModel createCompatibleSampleModel(int w, int h) {
        return new PixelInterleavedSampleModel(getDataType(), w, h, bands.length, w * bands.length,
                offsets(bands.length));
    }

    @Override
    public int getSample(int x, int y, int b, DataBuffer data) {
        return cache.sample(x, y, bands[b]);
    }

    @Override
    public int[] getPixel(int x, int y, int[] iArray, DataBuffer data) {
        int[] out = iArray != null ? iArray : new int[bands.length];
        for (int b = 0; b < bands.length; b++) {
            out[b] = cache.sample(x, y, bands[b]);
        }
        return out;
    }

    @Override
    public int[] getPixels(int x, int y, int w, int h, int[] iArray, DataBuffer data) {
        int nb = bands.length;
        int[] out = iArray != null ? iArray : new int[w * h * nb];
        for (int j = 0; j < h; j++) {
            cache.row(y + j, x, w, bands, out, j * w * nb);
        }
        return out;
    }

    @Override
    public int[] getSamples(int x, int y, int w, int h, int b, int[] iArray, DataBuffer data) {
        int[] out = iArray != null ? iArray : new int[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                out[j * w + i] = cache.sample(x + i, y + j, bands[b]);
            }
        }
        return out;
    }

    @Override
    public Object getDataElements(int x, int y, Object obj, DataBuffer data) {
        int nb = bands.length;
        if (getDataType() == DataBuffer.TYPE_USHORT) {
            short[] out = obj != null ? (short[]) obj : new short[nb];
            for (int b = 0; b < nb; b++) {
                out[b] = (short) cache.sample(x, y, bands[b]);
            }
            return out;
        }
        byte[] out = obj != null ? (byte[]) obj : new byte[nb];
        for (int b = 0; b < nb; b++) {
            out[b] = (byte) cache.sample(x, y, bands[b]);
        }
        return out;
    }

    @Override
    public void setSample(int x, int y, int b, int s, DataBuffer data) {
        throw new UnsupportedOperationException("read only");
    }

    @Override
    public void setDataElements(int x, int y, Object obj, DataBuffer data) {
        throw new UnsupportedOperationException("read only");
    }

    /** A few whole rows of the picture, refilled as reading moves down. */
    private static final class RowCache {
        private final Picture picture;
        private final int rowBytes;
        private final int bytesPerSample;
        private final byte[] rows;
        private int first = -1;
        private int count;

        RowCache(Picture p) {
            this.picture = p;
            this.bytesPerSample = p.bits() / 8;
            this.rowBytes = p.width() * p.channels() * bytesPerSample;
            this.rows = new byte[rowBytes * CACHE_ROWS];
        }

        synchronized int sample(int x, int y, int band) {
            load(y);
            int i = (y - first) * rowBytes + (x * picture.channels() + band) * bytesPerSample;
            return bytesPerSample == 1 ? rows[i] & 0xff : (rows[i] & 0xff) << 8 | rows[i + 1] & 0xff;
        }

        /** Samples of {@code bands} for pixels [x, x+w) of row y, interleaved, into out from off. */
        synchronized void row(int y, int x, int w, int[] bands, int[] out, int off) {
            load(y);
            int ch = picture.channels();
            int base = (y - first) * rowBytes + x * ch * bytesPerSample;
            int nb = bands.length;
            if (bytesPerSample == 1 && nb == ch && isIdentity(bands)) {
                for (int i = 0, n = w * ch; i < n; i++) {
                    out[off + i] = rows[base + i] & 0xff;
                }
                return;
            }
            for (int i = 0; i < w; i++) {
                int p = base + i * ch * bytesPerSample;
                for (int b = 0; b < nb; b++) {
                    int k = p + bands[b] * bytesPerSample;
                    out[off + i * nb + b] = bytesPerSample == 1 ? rows[k] & 0xff
                            : (rows[k] & 0xff) << 8 | rows[k + 1] & 0xff;
                }
            }
        }

        private static boolean isIdentity(int[] bands) {
            for (int b = 0; b < bands.length; b++) {
                if (bands[b] != b) {
                    return false;
                }
            }
            return true;
        }

        private void load(int y) {
            if (y < first || y >= first + count) {
                first = y;
                count = Math.min(CACHE_ROWS, picture.height() - y);
                picture.readBytes(new Rect(0, y, picture.width(), count), rows, 0);
            }
        }
    }

    /** The data buffer nothing reads: every access goes through the sample model. */
    private static final class NoData extends DataBuffer {
        NoData(int dataType) {
            super(dataType, 1);
        }

        @Override
        public int getElem(int bank, int i) {
            throw new UnsupportedOperationException("samples are read through the sample model");
        }

        @Override
        public void setElem(int bank, int i, int val) {
            throw new UnsupportedOperationException("read only");
        }
    }
}
