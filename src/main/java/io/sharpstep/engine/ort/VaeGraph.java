package io.sharpstep.engine.ort;

import io.sharpstep.engine.ops.KeyValues;
import io.sharpstep.engine.pack.GroupNormSpec;

/** What the VAE encoder and decoder share about running tiles with context from outside the tile. */
public interface VaeGraph {
    /**
     * One tile's output, its gn_stats [layers, 2, groups] (null for graphs without statistics) and, for graphs
     * that take attention keys and were run with their own, those keys (else null).
     */
    record Result(float[] data, float[] gnStats, KeyValues keys) {
    }

    /** The statistics the graph takes (as the manifest declares and the graph was checked for), or null. */
    GroupNormSpec statistics();

    /** Whether the graph takes pixel weights (gn_weight), needed for exact statistics. */
    boolean takesPixelWeights();

    /** Whether the graph's mid-block attention can attend to given keys and values (attn_k, attn_v). */
    boolean takesKeys();
}
