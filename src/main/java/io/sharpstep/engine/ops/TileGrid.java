package io.sharpstep.engine.ops;

import io.sharpstep.engine.TileRegion;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a width × height area into tiles of {@code tile} with at least {@code overlap} shared between
 * neighbours: stride tile − overlap, the last tile snapped to the far edge so every tile has the same size
 * (a side shorter than the tile gives one tile of that side's length).
 */
public final class TileGrid {
    private TileGrid() {
    }

    /** Start positions along one axis. */
    public static int[] starts(int length, int tile, int overlap) {
        if (length <= 0 || tile <= 0 || overlap < 0 || overlap >= tile) {
            throw new IllegalArgumentException("length " + length + ", tile " + tile + ", overlap " + overlap);
        }
        if (length <= tile) {
            return new int[] {0};
        }
        int stride = tile - overlap;
        int n = (length - tile + stride - 1) / stride + 1;
        int[] s = new int[n];
        for (int i = 0; i < n - 1; i++) {
            s[i] = i * stride;
        }
        s[n - 1] = length - tile;
        return s;
    }

    /** All tiles, row by row. */
    public static List<TileRegion> tiles(int width, int height, int tile, int overlap) {
        int[] xs = starts(width, tile, overlap);
        int[] ys = starts(height, tile, overlap);
        int tw = Math.min(tile, width);
        int th = Math.min(tile, height);
        List<TileRegion> out = new ArrayList<>(xs.length * ys.length);
        for (int y : ys) {
            for (int x : xs) {
                out.add(new TileRegion(x, y, tw, th));
            }
        }
        return out;
    }
}
