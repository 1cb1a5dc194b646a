package io.sharpstep.engine.ops;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Weighted blending of overlapping tiles, Σ w·tile / Σ w per pixel in float32 (the same arithmetic, in the same
 * order, as {@link TileAccumulator}), without an image-sized buffer: the area is divided into square blocks,
 * a block's sums exist only while tiles that touch it are still to come, and each block is handed on as soon as
 * the last tile touching it has been added. With tiles added row by row, what is held at once is about one
 * tile row's overlap across the width, not the image.
 */
public final class TileBlender {
    /** Receives each finished block once: where it is and its blended values. */
    @FunctionalInterface
    public interface Output {
        void finished(Rect block, FloatImage values);
    }

    private final int channels;
    private final int width;
    private final int height;
    private final int block;
    private final int blocksX;
    private final List<Rect> tiles;
    private final List<List<Integer>> finishAt;
    private final Output output;
    private final Map<Integer, float[][]> live = new HashMap<>();
    private int next;
    private long liveFloats;
    private long peakFloats;

    /**
     * @param tiles  every tile, in the order {@link #add} will receive them; together they must cover the area
     * @param block  block side in pixels
     * @param output where finished blocks go
     */
    public TileBlender(int channels, int width, int height, List<Rect> tiles, int block, Output output) {
        this.channels = channels;
        this.width = width;
        this.height = height;
        this.block = block;
        this.blocksX = (width + block - 1) / block;
        int blocksY = (height + block - 1) / block;
        this.tiles = List.copyOf(tiles);
        this.output = output;
        int[] last = new int[Math.multiplyExact(blocksX, blocksY)];
        java.util.Arrays.fill(last, -1);
        for (int k = 0; k < tiles.size(); k++) {
            Rect t = tiles.get(k);
            if (t.x() < 0 || t.y() < 0 || t.x() + t.width() > width || t.y() + t.height() > height) {
                throw new IllegalArgumentException("tile " + t + " outside " + width + "x" + height);
            }
            for (int by = t.y() / block; by * block < t.y() + t.height(); by++) {
                for (int bx = t.x() / block; bx * block < t.x() + t.width(); bx++) {
                    last[by * blocksX + bx] = k;
                }
            }
        }
        finishAt = new ArrayList<>(tiles.size());
        for (int k = 0; k < tiles.size(); k++) {
            finishAt.add(new ArrayList<>());
        }
        for (int b = 0; b < last.length; b++) {
            if (last[b] < 0) {
                throw new IllegalArgumentException("block " + blockRect(b) + " has no tile");
            }
            finishAt.get(last[b]).add(b);
        }
    }

    /**
     * Adds the next tile (they come in the order given): {@code data} is CHW of the tile's size, weighted by
     * wx[i]·wy[j]. Blocks no later tile touches are then handed to the output.
     */
    public void add(float[] data, float[] wx, float[] wy) {
        if (next >= tiles.size()) {
            throw new IllegalStateException("all " + tiles.size() + " tiles already added");
        }
        Rect t = tiles.get(next);
        int tw = t.width();
        int th = t.height();
        if (wx.length != tw || wy.length != th || data.length != channels * tw * th) {
            throw new IllegalArgumentException("tile " + next + " is " + t + ", data/weights do not match");
        }
        for (int by = t.y() / block; by * block < t.y() + th; by++) {
            for (int bx = t.x() / block; bx * block < t.x() + tw; bx++) {
                accumulate(by * blocksX + bx, t, data, wx, wy);
            }
        }
        for (int b : finishAt.get(next)) {
            finish(b);
        }
        next++;
    }

    private void accumulate(int b, Rect t, float[] data, float[] wx, float[] wy) {
        Rect r = blockRect(b);
        float[][] acc = live.computeIfAbsent(b, k -> {
            float[][] a = {new float[channels * r.width() * r.height()], new float[r.width() * r.height()]};
            liveFloats += (long) (channels + 1) * r.width() * r.height();
            peakFloats = Math.max(peakFloats, liveFloats);
            return a;
        });
        float[] sum = acc[0];
        float[] weight = acc[1];
        int x0 = Math.max(r.x(), t.x());
        int x1 = Math.min(r.x() + r.width(), t.x() + t.width());
        int y0 = Math.max(r.y(), t.y());
        int y1 = Math.min(r.y() + r.height(), t.y() + t.height());
        int bw = r.width();
        int plane = bw * r.height();
        int tw = t.width();
        int tplane = tw * t.height();
        for (int y = y0; y < y1; y++) {
            int j = y - t.y();
            float wj = wy[j];
            int row = (y - r.y()) * bw - r.x();
            for (int x = x0; x < x1; x++) {
                weight[row + x] += wx[x - t.x()] * wj;
            }
            for (int c = 0; c < channels; c++) {
                int srow = c * plane + row;
                int trow = c * tplane + j * tw - t.x();
                for (int x = x0; x < x1; x++) {
                    sum[srow + x] += wx[x - t.x()] * wj * data[trow + x];
                }
            }
        }
    }

    private void finish(int b) {
        float[][] acc = live.remove(b);
        Rect r = blockRect(b);
        float[] sum = acc[0];
        float[] weight = acc[1];
        int plane = r.width() * r.height();
        for (int p = 0; p < plane; p++) {
            if (!(weight[p] > 0)) {
                throw new IllegalStateException("pixel " + (r.x() + p % r.width()) + "," + (r.y() + p / r.width())
                        + " has no tile");
            }
        }
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                sum[c * plane + p] /= weight[p];
            }
        }
        liveFloats -= (long) (channels + 1) * plane;
        output.finished(r, new FloatImage(channels, r.width(), r.height(), sum));
    }

    private Rect blockRect(int b) {
        int x = b % blocksX * block;
        int y = b / blocksX * block;
        return new Rect(x, y, Math.min(block, width - x), Math.min(block, height - y));
    }

    /** Whether every tile has been added (and so every block handed on). */
    public boolean isComplete() {
        return next == tiles.size();
    }

    /** The most bytes of block sums held at once so far. */
    public long peakBytes() {
        return peakFloats * 4;
    }
}
