package io.sharpstep.core;

/**
 * Where the VAE's GroupNorm statistics come from when the encoder or decoder runs in several tiles (packs whose
 * VAE graphs take statistics; others always use {@link #PER_TILE}).
 */
public enum VaeStatisticsMode implements Choices.Keyed {
    /** Estimated once on the whole input shrunk to one tile's size, shared by every tile (about one tile's extra time). */
    SHARED("shared"),
    /** Pooled exactly over the tiles' cores, one extra tiled pass per refinement (several times the VAE time). */
    EXACT("exact"),
    /** Each tile normalised with its own statistics (a plain graph's behaviour: tiles differ in tone). */
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
