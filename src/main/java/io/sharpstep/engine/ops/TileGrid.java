package io.sharpstep.engine.ops;

import io.sharpstep.core.Rect;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a width × height area into tiles with at least {@code overlap} shared between neighbours: stride
 * tile − overlap, the last tile snapped to the far edge so every tile has the same size (a side shorter than
 * the tile gives one tile of that side's length). {@link #balanced} first shrinks the
 * tile to the smallest size that needs no more tiles than the largest would, so a side just over one tile
 * is not computed almost twice.
 */
public final class TileGrid {
    private TileGrid() {
    }

    /** Start positions along one axis. */
    public static int[] starts(int length, int tile, int overlap) {
        if (length <= 0 || tile <= 0 || overlap < 0) {
            throw new IllegalArgumentException("length " + length + ", tile " + tile + ", overlap " + overlap);
        }
        if (length <= tile) {
            return new int[] {0};
        }
        if (overlap >= tile) {
            throw new IllegalArgumentException("overlap " + overlap + " not smaller than tile " + tile);
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

    /**
     * The smallest tile side (a multiple of {@code align}, at most {@code tile}) that covers {@code length}
     * with as few tiles as {@code tile} itself would.
     */
    public static int balancedSide(int length, int tile, int overlap, int align) {
        if (length <= tile) {
            return length;
        }
        int n = (length - overlap + (tile - overlap) - 1) / (tile - overlap);
        int size = (length + (n - 1) * overlap + n - 1) / n;
        size = (size + align - 1) / align * align;
        return Math.min(Math.max(size, overlap + 1), tile);
    }

    /** Balanced tiles (see {@link #balancedSide}) of at most {@code tile}, sides multiples of {@code align}. */
    public static List<Rect> balanced(int width, int height, int tile, int overlap, int align) {
        return grid(width, height, balancedSide(width, tile, overlap, align), balancedSide(height, tile, overlap, align),
                overlap);
    }

    /** All tiles of exactly {@code tile} (or the side, where shorter), row by row. */
    public static List<Rect> exact(int width, int height, int tile, int overlap) {
        return grid(width, height, tile, tile, overlap);
    }

    private static List<Rect> grid(int width, int height, int tileW, int tileH, int overlap) {
        int[] xs = starts(width, tileW, overlap);
        int[] ys = starts(height, tileH, overlap);
        int tw = Math.min(tileW, width);
        int th = Math.min(tileH, height);
        List<Rect> out = new ArrayList<>(xs.length * ys.length);
        for (int y : ys) {
            for (int x : xs) {
                out.add(new Rect(x, y, tw, th));
            }
        }
        return out;
    }
}
