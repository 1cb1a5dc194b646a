package io.sharpstep.ui.viewer;

/**
 * The viewer's level-of-detail geometry and memory budget. Coordinates are output pixels (of the enlarged
 * image). Level k holds every 2^k-th output pixel; each level is cut into square tiles of {@link #TILE} level
 * pixels. Below the detail levels sits one screen-sized {@link Overview} per image. Nothing at output
 * resolution is ever held whole: a 192 MP result costs its overview and the tiles in view.
 */
public final class Lod {
    /** Side of a tile in level pixels. */
    public static final int TILE = 256;
    /** Longest side of an overview. */
    public static final int OVERVIEW_SIDE = 1600;
    /** Bytes all cached tiles of the shown photo may take (results, originals, bicubic, written files). */
    public static final long TILE_CACHE_BYTES = 64L << 20;
    /** Bytes the live tiles of a running job may take; older ones are dropped (their overview stays). */
    public static final long LIVE_TILE_BYTES = 24L << 20;
    /** What the viewer may hold in all: tile cache, live tiles and at most four overviews. */
    public static final long BUDGET_BYTES = TILE_CACHE_BYTES + LIVE_TILE_BYTES
            + 4L * OVERVIEW_SIDE * OVERVIEW_SIDE * 4;

    private Lod() {
    }

    /** Pixels along one axis at {@code level} for {@code n} output pixels. */
    public static int levelSize(int n, int level) {
        return (int) (((long) n + (1L << level) - 1) >> level);
    }

    /** Tiles along one axis at {@code level}. */
    public static int tiles(int n, int level) {
        return (levelSize(n, level) + TILE - 1) / TILE;
    }

    /** Level pixels of tile {@code t} along an axis of {@code n} output pixels. */
    public static int tileSize(int n, int level, int t) {
        return Math.min(TILE, levelSize(n, level) - t * TILE);
    }

    /** The finest level whose pixels are not smaller than {@code step} output pixels allow: floor(log2(step)), ≥ 0. */
    public static int levelFor(double step) {
        if (!(step >= 2)) {
            return 0;
        }
        return Math.min(30, 31 - Integer.numberOfLeadingZeros((int) Math.min(Integer.MAX_VALUE, Math.floor(step))));
    }
}
