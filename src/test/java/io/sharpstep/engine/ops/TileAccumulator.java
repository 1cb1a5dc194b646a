package io.sharpstep.engine.ops;

import io.sharpstep.core.FloatImage;

/**
 * Weighted sum of overlapping tiles into one image, in float32: Σ w·tile and Σ w per pixel, divided at the
 * end. The result reuses the sum array, so an accumulator gives one result. The whole-image blend the engine
 * used before it streamed; kept as the reference {@link TileBlender} must match.
 */
public final class TileAccumulator {
    private final int channels;
    private final int width;
    private final int height;
    private final float[] sum;
    private final float[] weight;
    private boolean done;

    public TileAccumulator(int channels, int width, int height) {
        this.channels = channels;
        this.width = width;
        this.height = height;
        this.sum = new float[Math.multiplyExact(channels, Math.multiplyExact(width, height))];
        this.weight = new float[width * height];
    }

    /**
     * Adds {@code tile} (same channel count) at (x, y) with weight wx[i]·wy[j]; {@code tileData} is CHW with
     * the tile's width and height taken from the weight arrays.
     */
    public void add(float[] tileData, int x, int y, float[] wx, float[] wy) {
        int tw = wx.length;
        int th = wy.length;
        if (tileData.length != channels * tw * th || x < 0 || y < 0 || x + tw > width || y + th > height) {
            throw new IllegalArgumentException("tile " + tw + "x" + th + " at " + x + "," + y + " does not fit "
                    + width + "x" + height + "x" + channels);
        }
        for (int j = 0; j < th; j++) {
            int row = (y + j) * width + x;
            for (int i = 0; i < tw; i++) {
                weight[row + i] += wx[i] * wy[j];
            }
        }
        Rows.parallel(channels * th, r -> {
            int c = r / th;
            int j = r % th;
            int row = c * width * height + (y + j) * width + x;
            int trow = c * tw * th + j * tw;
            float wj = wy[j];
            for (int i = 0; i < tw; i++) {
                sum[row + i] += wx[i] * wj * tileData[trow + i];
            }
        });
    }

    /** Σ w·tile / Σ w; every pixel must have been covered. */
    public FloatImage result() {
        if (done) {
            throw new IllegalStateException("result already taken");
        }
        done = true;
        int plane = width * height;
        for (int p = 0; p < plane; p++) {
            if (!(weight[p] > 0)) {
                throw new IllegalStateException("pixel " + (p % width) + "," + (p / width) + " has no tile");
            }
        }
        Rows.parallel(channels * height, r -> {
            int off = r * width;
            int woff = (r % height) * width;
            for (int p = 0; p < width; p++) {
                sum[off + p] /= weight[woff + p];
            }
        });
        return new FloatImage(channels, width, height, sum);
    }
}
