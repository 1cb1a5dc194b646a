package io.sharpstep.engine.pack;

/**
 * Tile sizes a one-step-latent pack recommends.
 *
 * @param unet           UNet tile side in latent pixels (OSEDiff: 96)
 * @param unetOverlap    overlap of UNet tiles in latent pixels (32)
 * @param encoder        encoder tile side in pixels of the enlarged image
 * @param encoderOverlap overlap of encoder tiles in pixels
 * @param decoder        decoder tile side in latent pixels
 * @param decoderOverlap overlap of decoder tiles in latent pixels
 * @param multiple       the enlarged image is mirror-padded to a multiple of this (a multiple of the latent factor)
 */
public record LatentTiles(int unet, int unetOverlap, int encoder, int encoderOverlap, int decoder, int decoderOverlap,
                          int multiple) {
    /** The reference settings (OSEDiff: UNet tile 96, overlap 32). */
    public static final LatentTiles DEFAULTS = new LatentTiles(96, 32, 512, 64, 64, 16, 64);
}
