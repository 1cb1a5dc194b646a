package io.sharpstep.engine.ops;

import io.sharpstep.core.Rect;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The cores of a tile grid ({@link TileGrid}): the part of the image each tile owns, so that the cores
 * partition the image. Neighbours split their overlap in the middle; sides on the image border reach it.
 */
public final class TileCores {
    private TileCores() {
    }

    /** One core per tile (same order), in the tiles' coordinates (absolute, not relative to the tile). */
    public static List<Rect> of(List<Rect> tiles, int width, int height) {
        int[] xb = bounds(tiles, width, true);
        int[] yb = bounds(tiles, height, false);
        int[] xs = starts(tiles, true);
        int[] ys = starts(tiles, false);
        List<Rect> out = new ArrayList<>(tiles.size());
        for (Rect t : tiles) {
            int i = java.util.Arrays.binarySearch(xs, t.x());
            int j = java.util.Arrays.binarySearch(ys, t.y());
            out.add(new Rect(xb[i], yb[j], xb[i + 1] - xb[i], yb[j + 1] - yb[j]));
        }
        return out;
    }

    private static int[] starts(List<Rect> tiles, boolean x) {
        TreeSet<Integer> s = new TreeSet<>();
        for (Rect t : tiles) {
            s.add(x ? t.x() : t.y());
        }
        return s.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Core boundaries along one axis: 0, the middles of the overlaps, the length. */
    private static int[] bounds(List<Rect> tiles, int length, boolean x) {
        int[] s = starts(tiles, x);
        int size = x ? tiles.get(0).width() : tiles.get(0).height();
        int[] b = new int[s.length + 1];
        b[s.length] = length;
        for (int i = 1; i < s.length; i++) {
            int prevEnd = s[i - 1] + size;
            if (prevEnd <= s[i]) {
                throw new IllegalArgumentException("tiles at " + s[i - 1] + " and " + s[i] + " do not overlap");
            }
            b[i] = (s[i] + prevEnd) / 2;
        }
        return b;
    }
}
