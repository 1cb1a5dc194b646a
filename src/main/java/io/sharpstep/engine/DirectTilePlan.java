package io.sharpstep.engine;

import io.sharpstep.core.Rect;
import io.sharpstep.engine.ops.Padding;
import io.sharpstep.engine.ops.TileGrid;
import io.sharpstep.engine.pack.DirectManifest;
import io.sharpstep.engine.pack.DirectTiles;

import java.util.List;
import java.util.OptionalInt;

/**
 * How a direct pack cuts one image, in input pixels: the image is mirrored outwards by {@code border} on every
 * side and padded to {@code paddedW × paddedH}; {@code tiles} cover that area with {@code overlap} between
 * neighbours.
 */
public record DirectTilePlan(int border, int paddedW, int paddedH, int overlap, List<Rect> tiles) {
    public DirectTilePlan {
        tiles = List.copyOf(tiles);
    }

    /**
     * @param fixedSide the square side the graph insists on, if any
     */
    public static DirectTilePlan of(DirectManifest m, UpscaleOptions o, OptionalInt fixedSide, int width, int height) {
        DirectTiles t = m.tiles();
        int planned = o.tile() > 0 ? Math.max(16, o.tile() / m.scale()) : t.tile();
        int tile = fixedSide.orElse(planned);
        int overlap = Math.min(Math.min(t.overlap(), planned / 4), tile / 4);
        // A mirrored border gives the model context at the image's edges (as upstream Real-ESRGAN does) instead of
        // the zeros its convolutions would pad with.
        int b = Math.min(t.border(), Math.min(width, height) - 1);
        int min = fixedSide.orElse(1);
        int pw = Math.max(Padding.roundUp(width + 2 * b, t.multiple()), min);
        int ph = Math.max(Padding.roundUp(height + 2 * b, t.multiple()), min);
        if (fixedSide.isPresent()) {
            return new DirectTilePlan(b, pw, ph, overlap, TileGrid.exact(pw, ph, tile, overlap));
        }
        // An image just over one tile (often only because of the border) runs as one tile, not four.
        int side = Math.max(pw, ph);
        int used = side <= tile + tile / 4 ? side : tile;
        int ov = Math.min(overlap, used / 4);
        return new DirectTilePlan(b, pw, ph, ov, TileGrid.balanced(pw, ph, used, ov, 8));
    }
}
