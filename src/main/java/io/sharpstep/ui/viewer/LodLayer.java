package io.sharpstep.ui.viewer;

import java.util.stream.IntStream;

/**
 * A {@link TileSource} drawn at the level of detail a frame needs: the overview when the view is zoomed out that
 * far, else the tiles in view at the finest level not finer than the screen's pixels, through the shared
 * {@link TileCache}. Where a tile is not there (not computed, still loading) the overview shows through.
 */
public final class LodLayer implements Layer {
    /** The overview is used while it is at most this much coarser than the screen's pixels. */
    private static final double OVERVIEW_SLACK = 1.25;

    private final TileSource source;
    private final Overview overview;
    private final TileCache cache;

    /**
     * @param source   the tiles (null: overview only)
     * @param overview the overview (null: none yet)
     * @param cache    where fetched tiles are kept
     */
    public LodLayer(TileSource source, Overview overview, TileCache cache) {
        this.source = source;
        this.overview = overview;
        this.cache = cache;
    }

    @Override
    public int width() {
        return source.width();
    }

    @Override
    public int height() {
        return source.height();
    }

    /** The level a frame at {@code step} output pixels per screen pixel reads, or -1 for the overview. */
    public int levelFor(double step) {
        if (overview != null && overview.factor() <= step * OVERVIEW_SLACK) {
            return -1;
        }
        int level = Lod.levelFor(step);
        if (overview != null) {
            while (level > 0 && (1 << level) >= overview.factor()) {
                level--;
            }
        }
        return level;
    }

    @Override
    public Sampler sampler(double step, double x0, double y0, double x1, double y1) {
        Overview ov = overview;
        Sampler under = ov == null ? Sampler.NOTHING : ov::argb;
        int level = source == null ? -1 : levelFor(step);
        if (level < 0) {
            return under;
        }
        int s = 1 << level;
        int w = source.width();
        int h = source.height();
        int tx0 = clamp((int) Math.floor(Math.max(0, x0) / s) / Lod.TILE, Lod.tiles(w, level));
        int ty0 = clamp((int) Math.floor(Math.max(0, y0) / s) / Lod.TILE, Lod.tiles(h, level));
        int tx1 = clamp(((int) Math.ceil(Math.min(w, x1) / s) - 1) / Lod.TILE + 1, Lod.tiles(w, level));
        int ty1 = clamp(((int) Math.ceil(Math.min(h, y1) / s) - 1) / Lod.TILE + 1, Lod.tiles(h, level));
        if (tx0 >= tx1 || ty0 >= ty1) {
            return under;
        }
        int[][] tiles = new int[(tx1 - tx0) * (ty1 - ty0)][];
        int[] widths = new int[tx1 - tx0];
        int mx0 = Integer.MAX_VALUE;
        int my0 = Integer.MAX_VALUE;
        int mx1 = -1;
        int my1 = -1;
        int cols = tx1 - tx0;
        for (int tx = tx0; tx < tx1; tx++) {
            widths[tx - tx0] = Lod.tileSize(w, level, tx);
        }
        // Tiles not cached yet are made on all cores (a zoomed-out frame may need a hundred).
        IntStream.range(0, tiles.length).parallel().forEach(i ->
                tiles[i] = fetch(level, tx0 + i % cols, ty0 + i / cols));
        for (int ty = ty0; ty < ty1; ty++) {
            for (int tx = tx0; tx < tx1; tx++) {
                int[] t = tiles[(ty - ty0) * cols + tx - tx0];
                if (t == null && !source.immediate()) {
                    mx0 = Math.min(mx0, tx);
                    my0 = Math.min(my0, ty);
                    mx1 = Math.max(mx1, tx + 1);
                    my1 = Math.max(my1, ty + 1);
                }
            }
        }
        if (mx1 > 0) {
            source.request(level, mx0, my0, mx1, my1);
        }
        int gx0 = tx0 * Lod.TILE;
        int gy0 = ty0 * Lod.TILE;
        return (x, y) -> {
            if (x < 0 || y < 0 || x >= w || y >= h) {
                return Argb.UNKNOWN;
            }
            int lx = (int) x >> level;
            int ly = (int) y >> level;
            int i = (lx - gx0) / Lod.TILE;
            int j = (ly - gy0) / Lod.TILE;
            if (i < 0 || j < 0 || i >= cols || j >= ty1 - ty0) {
                return under.argb(x, y);
            }
            int[] t = tiles[j * cols + i];
            int p = t == null ? Argb.UNKNOWN : t[(ly - gy0 - j * Lod.TILE) * widths[i] + lx - gx0 - i * Lod.TILE];
            return p != Argb.UNKNOWN ? p : under.argb(x, y);
        };
    }

    private int[] fetch(int level, int tx, int ty) {
        if (!source.cacheable()) {
            return source.tile(level, tx, ty);
        }
        int[] t = cache.get(source, level, tx, ty);
        if (t == null && source.immediate()) {
            t = source.tile(level, tx, ty);
            if (t != null) {
                cache.put(source, level, tx, ty, t);
            }
        } else if (t == null) {
            t = source.tile(level, tx, ty);
        }
        return t;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
