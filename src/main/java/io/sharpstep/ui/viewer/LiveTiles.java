package io.sharpstep.ui.viewer;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a running job has finished so far, as the viewer shows it: every finished tile goes into an overview
 * (kept whole: it is screen-sized) and into full-resolution tiles, of which only the most recent ones are kept
 * within {@link Lod#LIVE_TILE_BYTES}; where those were dropped the overview shows until the result is done.
 * Written on the engine thread, read on the painter thread: a frame may show a tile half painted.
 */
public final class LiveTiles implements TileSource {
    private final int width;
    private final int height;
    private final DisplayColor color;
    private final long budget;
    private final Overview overview;
    private final Map<Long, int[]> tiles = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    public LiveTiles(int width, int height, DisplayColor color, long budgetBytes) {
        this.width = width;
        this.height = height;
        this.color = color;
        this.budget = budgetBytes;
        this.overview = Overview.blank(width, height);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** The overview, filled as tiles finish. */
    public Overview overview() {
        return overview;
    }

    /** Takes finished pixels (3 channels) for {@code region} (output pixels; may reach past the edges). */
    public void paint(Rect region, FloatImage pixels) {
        overview.paint(region, pixels, color);
        int x0 = Math.max(0, region.x());
        int y0 = Math.max(0, region.y());
        int x1 = (int) Math.min(width, (long) region.x() + region.width());
        int y1 = (int) Math.min(height, (long) region.y() + region.height());
        if (x0 >= x1 || y0 >= y1) {
            return;
        }
        int plane = pixels.planeSize();
        float[] d = pixels.data();
        int pw = pixels.width();
        for (int ty = y0 / Lod.TILE; ty <= (y1 - 1) / Lod.TILE; ty++) {
            for (int tx = x0 / Lod.TILE; tx <= (x1 - 1) / Lod.TILE; tx++) {
                int tw = Lod.tileSize(width, 0, tx);
                int[] t = tileForWriting(tx, ty, tw, Lod.tileSize(height, 0, ty));
                int ax = Math.max(x0, tx * Lod.TILE);
                int bx = Math.min(x1, tx * Lod.TILE + tw);
                int ay = Math.max(y0, ty * Lod.TILE);
                int by = Math.min(y1, ty * Lod.TILE + Lod.TILE);
                for (int y = ay; y < by; y++) {
                    int src = (y - region.y()) * pw - region.x();
                    int dst = (y - ty * Lod.TILE) * tw - tx * Lod.TILE;
                    for (int x = ax; x < bx; x++) {
                        int i = src + x;
                        t[dst + x] = color.apply(Argb.rgb(Argb.channel(d[i]), Argb.channel(d[i + plane]),
                                Argb.channel(d[i + 2 * plane])));
                    }
                }
            }
        }
    }

    private synchronized int[] tileForWriting(int tx, int ty, int tw, int th) {
        long key = key(tx, ty);
        int[] t = tiles.get(key);
        if (t == null) {
            t = new int[tw * th];
            tiles.put(key, t);
            bytes += 4L * t.length;
            for (Iterator<int[]> it = tiles.values().iterator(); bytes > budget && it.hasNext(); ) {
                int[] old = it.next();
                if (old != t) {
                    bytes -= 4L * old.length;
                    it.remove();
                }
            }
        }
        return t;
    }

    private static long key(int tx, int ty) {
        return (long) tx << 32 | ty & 0xffffffffL;
    }

    @Override
    public int[] tile(int level, int tx, int ty) {
        if (level == 0) {
            synchronized (this) {
                return tiles.get(key(tx, ty));
            }
        }
        // Coarser levels sample the full-resolution tiles still kept; the overview stands in for the rest.
        int s = 1 << level;
        int tw = Lod.tileSize(width, level, tx);
        int th = Lod.tileSize(height, level, ty);
        int[] out = new int[tw * th];
        boolean any = false;
        for (int j = 0; j < th; j++) {
            int y = (ty * Lod.TILE + j) * s;
            for (int i = 0; i < tw; i++) {
                int x = (tx * Lod.TILE + i) * s;
                int[] t;
                synchronized (this) {
                    t = tiles.get(key(x / Lod.TILE, y / Lod.TILE));
                }
                if (t != null) {
                    int w0 = Lod.tileSize(width, 0, x / Lod.TILE);
                    out[j * tw + i] = t[(y % Lod.TILE) * w0 + x % Lod.TILE];
                    any = true;
                }
            }
        }
        return any ? out : null;
    }

    @Override
    public boolean cacheable() {
        return false;
    }

    /** Bytes held: kept tiles and the overview. */
    public synchronized long bytes() {
        return bytes + overview.bytes();
    }
}
