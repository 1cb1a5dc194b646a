package io.sharpstep.core;

/**
 * Where the VAE's GroupNorm statistics, and the keys its mid-block attention attends to, come from when the encoder
 * or decoder runs in several tiles (packs whose VAE graphs take them; others always use {@link #PER_TILE}).
 */
public enum VaeStatisticsMode implements Choices.Keyed {
    /**
     * Estimated once on the whole input shrunk to the largest size one run's budget allows, shared by every tile
     * (about one tile's extra time).
     */
    SHARED("shared"),
    /**
     * Pooled exactly over the tiles' cores, keys gathered from them at full resolution; one extra tiled pass per
     * refinement (several times the VAE time).
     */
    EXACT("exact"),
    /** Each tile normalised with its own statistics and attending to itself (a plain graph's behaviour). */
    PER_TILE("per-tile");

    private final String key;

    VaeStatisticsMode(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static VaeStatisticsMode lookup(String value) {
        return Choices.lookup(VaeStatisticsMode.class, "VAE statistics mode", value);
    }
}
