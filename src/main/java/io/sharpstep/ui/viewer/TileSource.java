package io.sharpstep.ui.viewer;

/**
 * Something whose pixels the viewer can fetch tile by tile at any level of detail (see {@link Lod}): a finished
 * result, a written file, the original or its bicubic enlargement, live tiles of a running job.
 */
public interface TileSource {
    /** Width in output pixels. */
    int width();

    /** Height in output pixels. */
    int height();

    /**
     * ARGB of tile (tx, ty) of {@code level}, {@link Lod#tileSize} wide and high, {@link Argb#UNKNOWN} where
     * nothing is known; null when the tile is not available now (not computed yet, or still loading).
     */
    int[] tile(int level, int tx, int ty);

    /** Whether {@link #tile} answers at once; otherwise tiles are asked for with {@link #request}. */
    default boolean immediate() {
        return true;
    }

    /** Slow sources: loads tiles [tx0, tx1) × [ty0, ty1) of {@code level} in the background. */
    default void request(int level, int tx0, int ty0, int tx1, int ty1) {
    }

    /** Whether its tiles stay the same once given, so they may be cached. */
    default boolean cacheable() {
        return true;
    }
}
