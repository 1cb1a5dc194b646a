package io.sharpstep.ui.viewer;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;
import io.sharpstep.engine.ops.Bicubic;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The "before" side, computed from the decoded photo for the tiles in view only: its pixels repeated ×scale
 * (what the photo really holds), or its bicubic enlargement (exactly the Pillow-equal ×scale at level 0; at
 * coarser levels bicubic straight to that level's size). Nothing at output size is ever made.
 */
public final class SourceTiles implements TileSource {
    private final PixelSource rgb;
    private final PixelSource alpha;
    private final int scale;
    private final DisplayColor color;
    private final boolean bicubic;
    private final ConcurrentMap<Integer, PixelSource[]> levels = new ConcurrentHashMap<>();

    private SourceTiles(PixelSource rgb, PixelSource alpha, int scale, DisplayColor color, boolean bicubic) {
        this.rgb = rgb;
        this.alpha = alpha;
        this.scale = scale;
        this.color = color;
        this.bicubic = bicubic;
    }

    /** Pixels repeated ×scale. {@code alpha} may be null. */
    public static SourceTiles nearest(PixelSource rgb, PixelSource alpha, int scale, DisplayColor color) {
        return new SourceTiles(rgb, alpha, scale, color, false);
    }

    /** Bicubic ×scale. */
    public static SourceTiles bicubic(PixelSource rgb, PixelSource alpha, int scale, DisplayColor color) {
        return new SourceTiles(rgb, alpha, scale, color, true);
    }

    @Override
    public int width() {
        return rgb.width() * scale;
    }

    @Override
    public int height() {
        return rgb.height() * scale;
    }

    @Override
    public int[] tile(int level, int tx, int ty) {
        return bicubic ? bicubicTile(level, tx, ty) : nearestTile(level, tx, ty);
    }

    private int[] nearestTile(int level, int tx, int ty) {
        int s = 1 << level;
        int tw = Lod.tileSize(width(), level, tx);
        int th = Lod.tileSize(height(), level, ty);
        int[] cols = new int[tw];
        for (int i = 0; i < tw; i++) {
            cols[i] = (int) (((long) tx * Lod.TILE + i) * s / scale);
        }
        int sx0 = cols[0];
        int sw = cols[tw - 1] - sx0 + 1;
        int[] out = new int[tw * th];
        int lastRow = -1;
        int[] line = null;
        for (int j = 0; j < th; j++) {
            int sy = (int) (((long) ty * Lod.TILE + j) * s / scale);
            if (sy != lastRow) {
                line = row(sx0, sy, sw);
                lastRow = sy;
            }
            for (int i = 0; i < tw; i++) {
                out[j * tw + i] = line[cols[i] - sx0];
            }
        }
        return out;
    }

    /** Display pixels of source row {@code y}, columns [x, x + w). */
    private int[] row(int x, int y, int w) {
        Rect r = new Rect(x, y, w, 1);
        int[] out = toArgb(rgb.read(r), alpha == null ? null : alpha.read(r));
        color.apply(out);
        return out;
    }

    private int[] bicubicTile(int level, int tx, int ty) {
        PixelSource[] l = levels.computeIfAbsent(level, k -> {
            int w = Lod.levelSize(width(), k);
            int h = Lod.levelSize(height(), k);
            Runnable none = () -> { };
            return new PixelSource[] {Bicubic.resized(rgb, w, h, none),
                    alpha == null ? null : Bicubic.resized(alpha, w, h, none)};
        });
        Rect r = new Rect(tx * Lod.TILE, ty * Lod.TILE, Lod.tileSize(width(), level, tx),
                Lod.tileSize(height(), level, ty));
        int[] out = toArgb(l[0].read(r), l[1] == null ? null : l[1].read(r));
        color.apply(out);
        return out;
    }

    /** Float planes as ARGB. */
    static int[] toArgb(FloatImage rgb, FloatImage alpha) {
        int n = rgb.planeSize();
        float[] d = rgb.data();
        int gap = rgb.channels() >= 3 ? n : 0;
        float[] a = alpha == null ? null : alpha.data();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int av = a == null ? 255 : Argb.channel(a[i]);
            out[i] = Argb.known(av << 24 | Argb.channel(d[i]) << 16 | Argb.channel(d[i + gap]) << 8
                    | Argb.channel(d[i + 2 * gap]));
        }
        return out;
    }

    /** Builds the overview of the photo (from its own pixels, so it costs no enlargement). */
    public Overview overview(Runnable checkpoint) {
        return Overview.build(width(), height(), rgb.width(), rgb.height(), scale,
                y -> toArgb(rgb.read(new Rect(0, y, rgb.width(), 1)),
                        alpha == null ? null : alpha.read(new Rect(0, y, rgb.width(), 1))),
                color, checkpoint);
    }
}
