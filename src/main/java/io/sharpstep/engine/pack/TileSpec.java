package io.sharpstep.engine.pack;

/**
 * Tile sizes and overlaps recommended by a pack. For one-step-latent packs: {@code latent}/{@code latentOverlap}
 * (UNet, latent pixels), {@code encoder}/{@code encoderOverlap} (pixels of the enlarged image),
 * {@code decoder}/{@code decoderOverlap} (latent pixels). For direct packs: {@code tile}/{@code overlap}
 * in input pixels. {@code multiple}: sides of the graph input are padded to a multiple of this.
 * {@code border}: direct packs only, input pixels mirrored around the image so the model sees context at
 * its edges rather than zeros (upstream Real-ESRGAN pads 10).
 */
public record TileSpec(int latent, int latentOverlap, int encoder, int encoderOverlap, int decoder,
                       int decoderOverlap, int tile, int overlap, int multiple, int border) {
    /** The reference settings (OSEDiff: UNet tile 96, overlap 32). */
    public static TileSpec defaults(PackKind kind) {
        boolean latent = kind == PackKind.ONE_STEP_LATENT;
        return new TileSpec(96, 32, 512, 64, 64, 16, 256, 16, latent ? 64 : 1, latent ? 0 : 10);
    }
}
