package io.sharpstep.engine.ops;

import io.sharpstep.core.Rect;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a width × height area into tiles with at least {@code overlap} shared between neighbours: as many as a
 * stride of tile − overlap needs, spread evenly so the last one ends at the far edge and every tile has the same
 * size (a side shorter than the tile gives one tile of that side's length). {@link #balanced} first shrinks the
 * tile to the smallest size that needs no more tiles than the largest would, so a side just over one tile
 * is not computed almost twice.
 */
public final class TileGrid {
    private TileGrid() {
    }

    /** Start positions along one axis, at any pixel (see {@link #starts(int, int, int, int)}). */
    public static int[] starts(int length, int tile, int overlap) {
        return starts(length, tile, overlap, 1);
    }

    /**
     * Start positions along one axis: as few tiles as a stride of tile − overlap needs, spread evenly from 0 to
     * length − tile, each a multiple of {@code align} (the last one too where length − tile is). Neighbours share at
     * least {@code overlap} and not much more: snapping only the last tile to the far edge could make it share almost
     * a whole tile with the one before, computed twice and, while blending, held across the width. A stride finer
     * than the alignment cannot be spread: it keeps the stride and snaps the last tile.
     */
    public static int[] starts(int length, int tile, int overlap, int align) {
        if (length <= 0 || tile <= 0 || overlap < 0 || align <= 0) {
            throw new IllegalArgumentException("length " + length + ", tile " + tile + ", overlap " + overlap
                    + ", align " + align);
        }
        if (length <= tile) {
            return new int[] {0};
        }
        if (overlap >= tile) {
            throw new IllegalArgumentException("overlap " + overlap + " not smaller than tile " + tile);
        }
        int stride = tile - overlap;
        int span = length - tile;
        // Past span / align + 1 tiles the mean gap is under one alignment step: some gap would be 0.
        for (int n = (span + stride - 1) / stride + 1; n - 1 <= span / align; n++) {
            int[] s = new int[n];
            for (int i = 1; i < n - 1; i++) {
                s[i] = (int) ((long) span * i / (n - 1)) / align * align;
            }
            s[n - 1] = span;
            if (gapsWithin(s, stride)) {
                return s;
            }
        }
        // A stride finer than the alignment: every tile a stride on, the last one snapped to the edge.
        int n = (span + stride - 1) / stride + 1;
        int[] s = new int[n];
        for (int i = 0; i < n - 1; i++) {
            s[i] = i * stride;
        }
        s[n - 1] = span;
        return s;
    }

    private static boolean gapsWithin(int[] s, int stride) {
        for (int i = 1; i < s.length; i++) {
            int gap = s[i] - s[i - 1];
            if (gap <= 0 || gap > stride) {
                return false;
            }
        }
        return true;
    }

    /**
     * The most rows two neighbouring rows of a grid's tiles share (0 for one row): what blending holds across the
     * width while a row of tiles passes.
     */
    public static int largestRowOverlap(List<Rect> tiles) {
        int[] ys = tiles.stream().mapToInt(Rect::y).distinct().sorted().toArray();
        int most = 0;
        for (int i = 1; i < ys.length; i++) {
            most = Math.max(most, tiles.get(0).height() - (ys[i] - ys[i - 1]));
        }
        return most;
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
        return balanced(width, height, tile, overlap, align, 1);
    }

    /** As {@link #balanced(int, int, int, int, int)}, with tile positions multiples of {@code positionAlign}. */
    public static List<Rect> balanced(int width, int height, int tile, int overlap, int align, int positionAlign) {
        return grid(width, height, balancedSide(width, tile, overlap, align), balancedSide(height, tile, overlap, align),
                overlap, positionAlign);
    }

    /** All tiles of exactly {@code tile} (or the side, where shorter), row by row. */
    public static List<Rect> exact(int width, int height, int tile, int overlap) {
        return grid(width, height, tile, tile, overlap, 1);
    }

    private static List<Rect> grid(int width, int height, int tileW, int tileH, int overlap, int align) {
        int[] xs = starts(width, tileW, overlap, align);
        int[] ys = starts(height, tileH, overlap, align);
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
