package io.sharpstep.engine.ops;

/**
 * The keys and values of a VAE graph's mid-block attention from one run over a {@code width × height} latent
 * ([1, tokens, channels] each, tokens row-major), as the graph returns them (attn_k_own, attn_v_own) and takes
 * them (attn_k, attn_v; models/export/attn_kv.py). Given to every tile, the keys of the whole picture (an estimate's,
 * or those of the tiles' cores: {@link CoreKeys}) let each tile attend to all of it instead of only itself, and all
 * tiles alike, so no tile's view differs from its neighbour's.
 */
public record KeyValues(int width, int height, int channels, float[] keys, float[] values) {
    public KeyValues {
        long n = (long) width * height * channels;
        if (width < 1 || height < 1 || channels < 1 || keys.length != n || values.length != n) {
            throw new IllegalArgumentException("expected " + width + "x" + height + "x" + channels
                    + " keys and values, found " + keys.length + " and " + values.length);
        }
    }

    public int tokens() {
        return width * height;
    }

    /**
     * Given keys for one run: {@code bias} per key (a log weight, −∞ = left out) and {@code own}, the bias of the
     * run's own keys (0 = attend to them too, −∞ = only to the given ones).
     */
    public record TileKeys(KeyValues keys, float[] bias, float own) {
        public TileKeys {
            if (bias.length != keys.tokens()) {
                throw new IllegalArgumentException("expected " + keys.tokens() + " key biases, found " + bias.length);
            }
        }

        /** Attend to {@code keys} only, each as one token (what feeding a run's own keys back reproduces). */
        public static TileKeys only(KeyValues keys) {
            return new TileKeys(keys, new float[keys.tokens()], Float.NEGATIVE_INFINITY);
        }
    }
}
