package io.sharpstep.engine.ort;

import io.sharpstep.engine.pack.GroupNormSpec;

/** What the VAE encoder and decoder share about GroupNorm statistics. */
public interface VaeGraph {
    /** One tile's output and its gn_stats [layers, 2, groups] (null for graphs without statistics). */
    record Result(float[] data, float[] gnStats) {
    }

    /** The statistics the graph takes (as the manifest declares and the graph was checked for), or null. */
    GroupNormSpec statistics();

    /** Whether the graph takes pixel weights (gn_weight), needed for exact statistics. */
    boolean takesPixelWeights();
}
