package io.sharpstep.engine.ops;

import io.sharpstep.core.Rect;

/**
 * The whole latent's attention keys and values assembled from tile runs: each point of a regular grid over the
 * latent takes the key and value that the tile whose core holds it computed there, at full resolution,
 * subsampled with a stride so that there are at most {@code maxTokens} of them (what one run's budget allows).
 * A tile then attends to its own tokens and to the grid's outside it ({@link #forTile}): near, exactly; far, at
 * the grid's resolution, from the same features for every tile.
 */
public final class CoreKeys {
    private final int latentW;
    private final int latentH;
    private final int stride;
    private final int gridW;
    private final int gridH;
    private float[] keys;
    private float[] values;
    private int channels;
    private int filled;

    public CoreKeys(int latentW, int latentH, int maxTokens) {
        this.latentW = latentW;
        this.latentH = latentH;
        this.stride = Math.max(1, (int) Math.ceil(Math.sqrt((double) latentW * latentH / Math.max(1, maxTokens))));
        this.gridW = (latentW + stride - 1) / stride;
        this.gridH = (latentH + stride - 1) / stride;
    }

    /** The grid's stride in latent pixels (1: every token). */
    public int stride() {
        return stride;
    }

    /** Takes the grid points inside {@code core} from {@code own}, the keys of the run over {@code tile}. */
    public CoreKeys add(Rect tile, Rect core, KeyValues own) {
        if (own.width() != tile.width() || own.height() != tile.height()) {
            throw new IllegalArgumentException("expected keys over " + tile.width() + "x" + tile.height()
                    + ", found " + own.width() + "x" + own.height());
        }
        if (keys == null) {
            channels = own.channels();
            keys = new float[gridW * gridH * channels];
            values = new float[keys.length];
        }
        for (int gy = 0; gy < gridH; gy++) {
            int y = point(gy, latentH);
            if (y < core.y() || y >= core.y() + core.height()) {
                continue;
            }
            for (int gx = 0; gx < gridW; gx++) {
                int x = point(gx, latentW);
                if (x < core.x() || x >= core.x() + core.width()) {
                    continue;
                }
                int from = ((y - tile.y()) * tile.width() + (x - tile.x())) * channels;
                int to = (gy * gridW + gx) * channels;
                System.arraycopy(own.keys(), from, keys, to, channels);
                System.arraycopy(own.values(), from, values, to, channels);
                filled++;
            }
        }
        return this;
    }

    /** The grid point's latent coordinate: the middle of its stride, inside the latent. */
    private int point(int g, int length) {
        return Math.min(length - 1, g * stride + stride / 2);
    }

    /**
     * How the tile at {@code tile} attends to {@code keys} (this grid's {@link #result()}): to its own tokens and
     * to the grid points outside it, each weighted as the stride² tokens it stands for (bias log stride²); those
     * inside are left out (−∞), its own stand for them. With stride 1 the grid holds every token as the cores
     * computed it, which beat the tile's own near its borders: then the tile attends to the grid only.
     */
    public KeyValues.TileKeys forTile(KeyValues keys, Rect tile) {
        if (keys.width() != gridW || keys.height() != gridH) {
            throw new IllegalArgumentException("expected a " + gridW + "x" + gridH + " key grid, found "
                    + keys.width() + "x" + keys.height());
        }
        if (stride == 1) {
            return KeyValues.TileKeys.only(keys);
        }
        float weight = (float) Math.log((double) stride * stride);
        float[] bias = new float[gridW * gridH];
        for (int gy = 0; gy < gridH; gy++) {
            int y = point(gy, latentH);
            boolean rowIn = y >= tile.y() && y < tile.y() + tile.height();
            for (int gx = 0; gx < gridW; gx++) {
                int x = point(gx, latentW);
                boolean in = rowIn && x >= tile.x() && x < tile.x() + tile.width();
                bias[gy * gridW + gx] = in ? Float.NEGATIVE_INFINITY : weight;
            }
        }
        return new KeyValues.TileKeys(keys, bias, 0f);
    }

    /** The assembled keys; every grid point must have come from some core. */
    public KeyValues result() {
        if (filled != gridW * gridH) {
            throw new IllegalStateException("expected " + gridW * gridH + " key grid points, found " + filled
                    + " (cores must partition the latent)");
        }
        return new KeyValues(gridW, gridH, channels, keys, values);
    }
}
