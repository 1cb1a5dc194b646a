package io.sharpstep.ui.viewer;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;

/**
 * A screen-sized reduction of a whole image (longest side at most {@link Lod#OVERVIEW_SIDE}), in display
 * colours: what the viewer shows when zoomed out, and underneath tiles not loaded yet. Built from an image's
 * rows by averaging up to 4×4 samples per pixel, or filled piece by piece from live tiles.
 */
public final class Overview {
    /** Rows of an image, one at a time, as ARGB in the image's own colours. */
    @FunctionalInterface
    public interface Rows {
        int[] row(int y);
    }

    private static final int MAX_SAMPLES = 4;

    private final int outW;
    private final int outH;
    private final int width;
    private final int height;
    private final double factor;
    private final int[] argb;

    private Overview(int outW, int outH) {
        this.outW = outW;
        this.outH = outH;
        this.factor = Math.max(1.0, Math.max(outW, outH) / (double) Lod.OVERVIEW_SIDE);
        this.width = Math.max(1, (int) Math.ceil(outW / factor - 1e-9));
        this.height = Math.max(1, (int) Math.ceil(outH / factor - 1e-9));
        this.argb = new int[width * height];
    }

    private Overview(Overview o, int scale) {
        this.outW = o.outW * scale;
        this.outH = o.outH * scale;
        this.factor = o.factor * scale;
        this.width = o.width;
        this.height = o.height;
        this.argb = o.argb;
    }

    /** The same pixels for an image {@code scale} times larger (an original's overview under its enlargement). */
    public Overview scaled(int scale) {
        return scale == 1 ? this : new Overview(this, scale);
    }

    /** An empty overview of a {@code outW × outH} image, to be filled by {@link #paint}. */
    public static Overview blank(int outW, int outH) {
        return new Overview(outW, outH);
    }

    /**
     * The overview of an {@code outW × outH} image whose rows come from a {@code gridW × gridH} grid, one grid
     * pixel covering {@code grid} output pixels (1 for a result, the scale for an original).
     */
    public static Overview build(int outW, int outH, int gridW, int gridH, double grid, Rows rows,
                                 DisplayColor color, Runnable checkpoint) {
        Overview o = new Overview(outW, outH);
        double span = o.factor / grid;
        int n = Math.max(1, Math.min(MAX_SAMPLES, (int) Math.ceil(span - 1e-9)));
        int[] cols = new int[o.width * n];
        for (int ox = 0; ox < o.width; ox++) {
            for (int i = 0; i < n; i++) {
                cols[ox * n + i] = Math.min(gridW - 1, (int) ((ox + (i + 0.5) / n) * span));
            }
        }
        int[][] lines = new int[n][];
        int[] lineY = new int[n];
        java.util.Arrays.fill(lineY, -1);
        for (int oy = 0; oy < o.height; oy++) {
            checkpoint.run();
            for (int j = 0; j < n; j++) {
                int gy = Math.min(gridH - 1, (int) ((oy + (j + 0.5) / n) * span));
                if (gy != lineY[j]) {
                    int prev = j > 0 && lineY[j - 1] == gy ? j - 1 : -1;
                    lines[j] = prev >= 0 ? lines[prev] : rows.row(gy);
                    lineY[j] = gy;
                }
            }
            for (int ox = 0; ox < o.width; ox++) {
                int a = 0;
                int r = 0;
                int g = 0;
                int b = 0;
                for (int j = 0; j < n; j++) {
                    int[] line = lines[j];
                    for (int i = 0; i < n; i++) {
                        int p = line[cols[ox * n + i]];
                        a += p >>> 24;
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                    }
                }
                int k = n * n;
                o.argb[oy * o.width + ox] = color.apply(Argb.known((a / k) << 24 | (r / k) << 16 | (g / k) << 8 | b / k));
            }
        }
        return o;
    }

    /**
     * Paints finished pixels of a running job: {@code pixels} (3 channels, [0, 1]) go at {@code region} (output
     * pixels; parts outside the image are cut off). Any thread; a reader may see a tile half painted.
     */
    public void paint(Rect region, FloatImage pixels, DisplayColor color) {
        int plane = pixels.planeSize();
        float[] d = pixels.data();
        int pw = pixels.width();
        int ox0 = Math.max(0, (int) Math.floor(Math.max(0, region.x()) / factor));
        int oy0 = Math.max(0, (int) Math.floor(Math.max(0, region.y()) / factor));
        int ox1 = Math.min(width, (int) Math.ceil(Math.min(outW, (long) region.x() + region.width()) / factor));
        int oy1 = Math.min(height, (int) Math.ceil(Math.min(outH, (long) region.y() + region.height()) / factor));
        int n = Math.max(1, Math.min(2, (int) Math.ceil(factor - 1e-9)));
        for (int oy = oy0; oy < oy1; oy++) {
            for (int ox = ox0; ox < ox1; ox++) {
                int count = 0;
                int r = 0;
                int g = 0;
                int b = 0;
                for (int j = 0; j < n; j++) {
                    int y = (int) ((oy + (j + 0.5) / n) * factor) - region.y();
                    if (y < 0 || y >= region.height() || y + region.y() >= outH) {
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        int x = (int) ((ox + (i + 0.5) / n) * factor) - region.x();
                        if (x < 0 || x >= region.width() || x + region.x() >= outW) {
                            continue;
                        }
                        int at = y * pw + x;
                        r += Argb.channel(d[at]);
                        g += Argb.channel(d[at + plane]);
                        b += Argb.channel(d[at + 2 * plane]);
                        count++;
                    }
                }
                if (count > 0) {
                    argb[oy * width + ox] = color.apply(Argb.rgb(r / count, g / count, b / count));
                }
            }
        }
    }

    /** The pixel covering output point (x, y), or {@link Argb#UNKNOWN}. */
    public int argb(double x, double y) {
        if (x < 0 || y < 0) {
            return Argb.UNKNOWN;
        }
        int ox = (int) (x / factor);
        int oy = (int) (y / factor);
        return ox < width && oy < height ? argb[oy * width + ox] : Argb.UNKNOWN;
    }

    /** Output pixels per overview pixel (≥ 1). */
    public double factor() {
        return factor;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The pixels, row by row (for thumbnails and the navigator). */
    public int[] pixels() {
        return argb;
    }

    public long bytes() {
        return 4L * argb.length;
    }
}
