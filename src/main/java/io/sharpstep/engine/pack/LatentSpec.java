package io.sharpstep.engine.pack;

/**
 * The latent space of a one-step-latent pack.
 *
 * @param channels      latent channels (4 for Stable Diffusion)
 * @param factor        pixels per latent pixel along each side (8)
 * @param scalingFactor the VAE scaling factor (0.18215)
 */
public record LatentSpec(int channels, int factor, double scalingFactor) {
}
