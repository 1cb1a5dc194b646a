package io.sharpstep.ui.viewer;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;

/**
 * Packed 8-bit ARGB pixels for display (4 bytes a pixel instead of 12 for float planes). Alpha 0 marks pixels
 * not computed yet. Tiles may be pasted from a worker thread while the FX thread reads: a torn frame only
 * shows a tile half drawn until the next repaint.
 */
public final class Raster {
    private final int width;
    private final int height;
    private final int[] argb;

    public Raster(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("empty raster " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.argb = new int[Math.multiplyExact(width, height)];
    }

    /** The RGB image as opaque display pixels. */
    public static Raster of(FloatImage rgb) {
        Raster r = new Raster(rgb.width(), rgb.height());
        r.paste(rgb, 0, 0);
        return r;
    }

    /** The RGB source as opaque display pixels, read a band of rows at a time. */
    public static Raster of(PixelSource rgb) {
        Raster r = new Raster(rgb.width(), rgb.height());
        for (int y = 0; y < rgb.height(); y += 64) {
            int h = Math.min(64, rgb.height() - y);
            r.paste(rgb.read(new Rect(0, y, rgb.width(), h)), 0, y);
        }
        return r;
    }

    /** A finished result's samples as display pixels. */
    public static Raster of(io.sharpstep.raster.Picture result) {
        Raster r = new Raster(result.width(), result.height());
        int ch = result.channels();
        int bytes = result.bits() / 8;
        byte[] row = new byte[result.width() * ch * bytes];
        for (int y = 0; y < result.height(); y++) {
            result.readBytes(new Rect(0, y, result.width(), 1), row, 0);
            int dst = y * r.width;
            for (int x = 0; x < result.width(); x++) {
                int p = x * ch * bytes;
                int rr = row[p] & 0xff;
                int g = row[p + bytes] & 0xff;
                int b = row[p + 2 * bytes] & 0xff;
                r.argb[dst + x] = 0xff000000 | rr << 16 | g << 8 | b;
            }
        }
        return r;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int[] pixels() {
        return argb;
    }

    public int get(int x, int y) {
        return argb[y * width + x];
    }

    /** Pastes the tile into {@code region}, clipping what falls outside this raster. */
    public void paste(Rect region, FloatImage tile) {
        paste(tile, region.x(), region.y());
    }

    /** Pastes {@code src} (3+ channels) with its top-left corner at (x0, y0), clipped to this raster. */
    public void paste(FloatImage src, int x0, int y0) {
        int sw = src.width();
        int sh = src.height();
        int plane = src.planeSize();
        float[] d = src.data();
        int gap = src.channels() >= 3 ? plane : 0;
        int xs = Math.max(0, -x0);
        int xe = Math.min(sw, width - x0);
        for (int y = Math.max(0, -y0); y < sh && y + y0 < height; y++) {
            int row = y * sw;
            int dst = (y + y0) * width + x0;
            for (int x = xs; x < xe; x++) {
                int i = row + x;
                argb[dst + x] = 0xff000000 | byteOf(d[i]) << 16 | byteOf(d[i + gap]) << 8 | byteOf(d[i + 2 * gap]);
            }
        }
    }

    /** Back to float planes (for resampling the display copy). */
    public FloatImage toFloat() {
        FloatImage out = FloatImage.zeros(3, width, height);
        float[] d = out.data();
        int n = width * height;
        for (int i = 0; i < n; i++) {
            int p = argb[i];
            d[i] = ((p >> 16) & 0xff) / 255f;
            d[n + i] = ((p >> 8) & 0xff) / 255f;
            d[2 * n + i] = (p & 0xff) / 255f;
        }
        return out;
    }

    static int byteOf(float v) {
        return v <= 0 || Float.isNaN(v) ? 0 : v >= 1 ? 255 : Math.round(v * 255f);
    }
}
