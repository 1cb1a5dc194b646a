package io.sharpstep.engine;

/**
 * Tile sizes settled for one job from the pack's recommendation, the user's choice and a memory budget.
 * One-step-latent: UNet and decoder sizes in latent pixels, encoder size in pixels of the enlarged image.
 * Direct: {@code tile}/{@code overlap} in input pixels. {@code multiple}: inputs are padded to it.
 */
public record TilePlan(int latent, int latentOverlap, int encoder, int encoderOverlap, int decoder,
                       int decoderOverlap, int tile, int overlap, int multiple) {

    static final long GIB = 1L << 30;

    /** Settles the sizes. {@code bytesPerValue} is 2 for fp16 graphs, else 4. */
    public static TilePlan of(PackManifest m, UpscaleOptions o, DeviceInfo device) {
        TileSpec t = m.tiles();
        long budget = o.memoryBudget() > 0 ? o.memoryBudget()
                : device.used() == DeviceKind.CUDA ? 8 * GIB : 4 * GIB;
        int bytes = m.precision() == Precision.FP16 ? 2 : 4;
        if (m.kind() == PackKind.DIRECT) {
            int tile = o.tile() > 0 ? Math.max(16, o.tile() / m.scale()) : t.tile();
            return new TilePlan(0, 0, 0, 0, 0, 0, tile, Math.min(t.overlap(), tile / 4), t.multiple());
        }
        int f = m.latent().factor();
        int latent = o.tile() > 0 ? roundTo(o.tile() / f, 8) : t.latent();
        int latentOverlap = Math.min(t.latentOverlap(), latent / 2);
        int decoder;
        if (o.vaeTile() > 0) {
            decoder = roundTo(o.vaeTile() / f, 8);
        } else {
            decoder = t.decoder();
            while (decoder > 16 && decoderBytes(decoder, f, bytes) > budget) {
                decoder = roundTo(decoder / 2, 8);
            }
        }
        int encoder = o.vaeTile() > 0 ? roundTo(o.vaeTile(), f * 8) : t.encoder();
        while (o.vaeTile() == 0 && encoder > 16 * f && decoderBytes(encoder / f, f, bytes) / 2 > budget) {
            encoder = roundTo(encoder / 2, f * 8);
        }
        return new TilePlan(latent, latentOverlap, encoder, Math.min(t.encoderOverlap(), encoder / 4), decoder,
                Math.min(t.decoderOverlap(), decoder / 4), 0, 0, t.multiple());
    }

    /**
     * Rough peak of a Stable-Diffusion-sized VAE decoder on a d×d latent tile: a few 128-channel buffers at
     * full resolution plus the mid-block attention over all d² latent pixels (one head: d⁴ scores).
     */
    static long decoderBytes(int d, int factor, int bytesPerValue) {
        long pixels = (long) d * factor * d * factor;
        long activations = pixels * 128 * 4;
        long attention = (long) d * d * d * d * 2;
        return (activations + attention) * bytesPerValue;
    }

    private static int roundTo(int v, int m) {
        return Math.max(m, v / m * m);
    }
}
