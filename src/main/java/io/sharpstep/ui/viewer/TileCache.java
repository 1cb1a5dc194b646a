package io.sharpstep.ui.viewer;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tiles the viewer has fetched, least recently used first out, within a fixed number of bytes. Shared by
 * every source of the shown photo; a source's tiles go when it is dropped. Any thread.
 */
public final class TileCache {
    /** A tile of one source. Sources compare by identity. */
    private record Key(Object source, int level, int tx, int ty) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.source == source && k.level == level && k.tx == tx && k.ty == ty;
        }

        @Override
        public int hashCode() {
            return ((System.identityHashCode(source) * 31 + level) * 31 + tx) * 31 + ty;
        }
    }

    private final long budget;
    private final Map<Key, int[]> tiles = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long peak;

    public TileCache(long budgetBytes) {
        this.budget = budgetBytes;
    }

    public synchronized int[] get(Object source, int level, int tx, int ty) {
        return tiles.get(new Key(source, level, tx, ty));
    }

    /** Keeps a tile, dropping the least recently used ones beyond the budget. */
    public synchronized void put(Object source, int level, int tx, int ty, int[] argb) {
        int[] old = tiles.put(new Key(source, level, tx, ty), argb);
        bytes += 4L * argb.length - (old == null ? 0 : 4L * old.length);
        for (Iterator<int[]> it = tiles.values().iterator(); bytes > budget && it.hasNext(); ) {
            int[] t = it.next();
            if (t != argb) {
                bytes -= 4L * t.length;
                it.remove();
            }
        }
        peak = Math.max(peak, bytes);
    }

    /** Forgets every tile of {@code source}. */
    public synchronized void drop(Object source) {
        for (Iterator<Map.Entry<Key, int[]>> it = tiles.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, int[]> e = it.next();
            if (e.getKey().source == source) {
                bytes -= 4L * e.getValue().length;
                it.remove();
            }
        }
    }

    /** Bytes the cached tiles take now. */
    public synchronized long bytes() {
        return bytes;
    }

    /** The most bytes the cache has held. */
    public synchronized long peakBytes() {
        return peak;
    }

    public synchronized int size() {
        return tiles.size();
    }
}
