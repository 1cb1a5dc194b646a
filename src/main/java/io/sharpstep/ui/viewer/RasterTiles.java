package io.sharpstep.ui.viewer;

import io.sharpstep.core.Rect;
import io.sharpstep.raster.ResultRaster;

/**
 * Tiles read from a finished result's samples (heap or scratch file) at any level: level k reads every 2^k-th
 * pixel of every 2^k-th row, so a tile costs at most 256 rows whatever the zoom. The raster may also be a piece
 * (a region preview) placed somewhere in a larger image; pixels outside it are {@link Argb#UNKNOWN}. Holds one
 * share of the raster until {@link #close()}.
 */
public final class RasterTiles implements TileSource, AutoCloseable {
    private final ResultRaster raster;
    private final DisplayColor color;
    private final Rect place;
    private final int width;
    private final int height;
    private volatile boolean closed;

    /**
     * @param raster a share of the raster, now owned by this object
     * @param place  where the raster lies in the image
     * @param width  the image's width in output pixels
     * @param height its height
     */
    public RasterTiles(ResultRaster raster, DisplayColor color, Rect place, int width, int height) {
        this.raster = raster;
        this.color = color;
        this.place = place;
        this.width = width;
        this.height = height;
    }

    /** The whole result. */
    public static RasterTiles of(ResultRaster raster, DisplayColor color) {
        return new RasterTiles(raster, color, new Rect(0, 0, raster.width(), raster.height()), raster.width(),
                raster.height());
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    public ResultRaster raster() {
        return raster;
    }

    @Override
    public int[] tile(int level, int tx, int ty) {
        if (closed) {
            return null; // a frame still being drawn after the photo left the view
        }
        int s = 1 << level;
        int tw = Lod.tileSize(width, level, tx);
        int th = Lod.tileSize(height, level, ty);
        int[] out = new int[tw * th];
        long ox0 = (long) tx * Lod.TILE * s;
        long oy0 = (long) ty * Lod.TILE * s;
        int i0 = first(ox0, place.x(), s);
        int i1 = last(ox0, (long) place.x() + place.width(), s, tw);
        int j0 = first(oy0, place.y(), s);
        int j1 = last(oy0, (long) place.y() + place.height(), s, th);
        if (i0 >= i1 || j0 >= j1) {
            return out;
        }
        int rx = (int) (ox0 + (long) i0 * s - place.x());
        int ry = (int) (oy0 + (long) j0 * s - place.y());
        int[] px = raster.argb(new Rect(rx, ry, (i1 - i0 - 1) * s + 1, (j1 - j0 - 1) * s + 1), s);
        int pw = i1 - i0;
        for (int j = j0; j < j1; j++) {
            for (int i = i0; i < i1; i++) {
                out[j * tw + i] = color.apply(Argb.known(px[(j - j0) * pw + (i - i0)]));
            }
        }
        return out;
    }

    /** The first sample index i (0 ≤ i) with origin + i·s ≥ from. */
    private static int first(long origin, long from, int s) {
        return (int) Math.max(0, Math.floorDiv(from - origin + s - 1, s));
    }

    /** One past the last sample index i < n with origin + i·s < to. */
    private static int last(long origin, long to, int s, int n) {
        return (int) Math.min(n, Math.max(0, Math.floorDiv(to - origin + s - 1, s)));
    }

    /** Rows of the raster as ARGB, for an {@link Overview} (whole results only). */
    public Overview.Rows rows() {
        return y -> raster.argb(new Rect(0, y, raster.width(), 1), 1);
    }

    /** Builds the overview of the whole result. */
    public Overview overview(Runnable checkpoint) {
        return Overview.build(width, height, raster.width(), raster.height(), 1, rows(), color, checkpoint);
    }

    @Override
    public void close() {
        closed = true;
        raster.close();
    }
}
