package io.sharpstep.engine.pack;

/**
 * The latent space of a one-step-latent pack.
 *
 * @param channels      latent channels (4 for Stable Diffusion)
 * @param factor        pixels per latent pixel along each side (8)
 * @param scalingFactor the VAE scaling factor (0.18215)
 * @param encoderStats  the encoder graph's GroupNorm statistics inputs, or null when it has none
 * @param decoderStats  the same for the decoder graph
 */
public record LatentSpec(int channels, int factor, double scalingFactor, GroupNormSpec encoderStats,
                         GroupNormSpec decoderStats) {
    /** A latent space whose VAE graphs take no statistics. */
    public LatentSpec(int channels, int factor, double scalingFactor) {
        this(channels, factor, scalingFactor, null, null);
    }
}
