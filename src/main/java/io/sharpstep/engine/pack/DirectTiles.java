package io.sharpstep.engine.pack;

/**
 * Tile sizes a direct pack recommends, in input pixels.
 *
 * @param tile     tile side
 * @param overlap  overlap between neighbouring tiles
 * @param multiple graph inputs are padded to a multiple of this
 * @param border   input pixels mirrored around the image so the model sees context at its edges rather than zeros
 *                 (upstream Real-ESRGAN pads 10)
 */
public record DirectTiles(int tile, int overlap, int multiple, int border) {
    public static final DirectTiles DEFAULTS = new DirectTiles(256, 16, 1, 10);
}
