package io.sharpstep.engine.pack;

/**
 * A VAE graph that takes its GroupNorm statistics from outside (models/export/gn_stats.py): inputs
 * {@code gn_mean} and {@code gn_var} float[layers, groups], {@code gn_mix} float[layers}, optionally
 * {@code gn_weight} float[1,1,h,w] (pixel weights at the latent resolution), output {@code gn_stats}
 * float[layers, 2, groups].
 *
 * @param layers GroupNorm layers in graph order (22 in SD's encoder, 30 in its decoder)
 * @param groups groups per layer (32)
 */
public record GroupNormSpec(int layers, int groups) {
    /** Values in one statistics tensor of shape [layers, groups]. */
    public int size() {
        return layers * groups;
    }
}
