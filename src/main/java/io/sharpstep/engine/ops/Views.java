package io.sharpstep.engine.ops;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;

/** Region-readable views of a {@link PixelSource}: cropped, and mirror-padded. Nothing is copied until read. */
public final class Views {
    private Views() {
    }

    /** The part {@code r} of {@code src}, with (0, 0) at r's corner. */
    public static PixelSource crop(PixelSource src, Rect r) {
        src.check(r);
        return PixelSource.of(src.channels(), r.width(), r.height(), src.bits(),
                q -> src.read(new Rect(r.x() + q.x(), r.y() + q.y(), q.width(), q.height())));
    }

    /**
     * A {@code w × h} image with {@code src} at ({@code left}, {@code top}) and mirrored outwards on every side
     * (reflect-101, the edge pixel not repeated; where the image is too small to mirror that far, the edge pixel
     * is repeated), as {@link Padding#pad}.
     */
    public static PixelSource mirrored(PixelSource src, int left, int top, int w, int h) {
        if (left == 0 && top == 0 && w == src.width() && h == src.height()) {
            return src;
        }
        if (left < 0 || top < 0 || w < (long) left + src.width() || h < (long) top + src.height()) {
            throw new IllegalArgumentException("cannot pad " + src.width() + "x" + src.height() + " to " + w + "x" + h
                    + " at " + left + "," + top);
        }
        return PixelSource.of(src.channels(), w, h, src.bits(), r -> mirroredRead(src, left, top, r));
    }

    /** Region {@code r} of {@code src} placed at (left, top) and mirrored outwards. */
    private static FloatImage mirroredRead(PixelSource src, int left, int top, Rect r) {
        if (r.x() >= left && r.y() >= top && r.x() + r.width() <= left + src.width()
                && r.y() + r.height() <= top + src.height()) {
            return src.read(new Rect(r.x() - left, r.y() - top, r.width(), r.height()));
        }
        int[] xs = new int[r.width()];
        int[] ys = new int[r.height()];
        int x0 = Integer.MAX_VALUE;
        int x1 = -1;
        int y0 = Integer.MAX_VALUE;
        int y1 = -1;
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Padding.mirror(r.x() + i - left, src.width());
            x0 = Math.min(x0, xs[i]);
            x1 = Math.max(x1, xs[i]);
        }
        for (int j = 0; j < ys.length; j++) {
            ys[j] = Padding.mirror(r.y() + j - top, src.height());
            y0 = Math.min(y0, ys[j]);
            y1 = Math.max(y1, ys[j]);
        }
        Rect inner = new Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
        FloatImage in = src.read(inner);
        FloatImage out = FloatImage.zeros(src.channels(), r.width(), r.height());
        float[] o = out.data();
        float[] d = in.data();
        for (int c = 0; c < src.channels(); c++) {
            for (int j = 0; j < ys.length; j++) {
                int srow = (c * inner.height() + ys[j] - y0) * inner.width() - x0;
                int drow = (c * r.height() + j) * r.width();
                for (int i = 0; i < xs.length; i++) {
                    o[drow + i] = d[srow + xs[i]];
                }
            }
        }
        return out;
    }
}
