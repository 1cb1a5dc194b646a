package io.sharpstep.engine;

/**
 * Tile sizes and overlaps recommended by a pack. For one-step-latent packs: {@code latent}/{@code latentOverlap}
 * (UNet, latent pixels), {@code encoder}/{@code encoderOverlap} (pixels of the enlarged image),
 * {@code decoder}/{@code decoderOverlap} (latent pixels). For direct packs: {@code tile}/{@code overlap}
 * in input pixels. {@code multiple}: sides of the graph input are padded to a multiple of this.
 */
public record TileSpec(int latent, int latentOverlap, int encoder, int encoderOverlap, int decoder,
                       int decoderOverlap, int tile, int overlap, int multiple) {
    /** The reference settings (OSEDiff: UNet tile 96, overlap 32). */
    public static TileSpec defaults(PackKind kind) {
        return new TileSpec(96, 32, 512, 64, 64, 16, 256, 16, kind == PackKind.ONE_STEP_LATENT ? 64 : 1);
    }

    public TileSpec withLatent(int size) {
        return new TileSpec(size, Math.min(latentOverlap, size / 2), encoder, encoderOverlap, decoder,
                decoderOverlap, tile, overlap, multiple);
    }

    public TileSpec withDirect(int size) {
        return new TileSpec(latent, latentOverlap, encoder, encoderOverlap, decoder, decoderOverlap, size,
                Math.min(overlap, size / 4), multiple);
    }

    public TileSpec withVae(int encoderSize, int decoderSize) {
        return new TileSpec(latent, latentOverlap, encoderSize, Math.min(encoderOverlap, encoderSize / 4),
                decoderSize, Math.min(decoderOverlap, decoderSize / 4), tile, overlap, multiple);
    }
}
