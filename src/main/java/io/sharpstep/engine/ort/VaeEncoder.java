package io.sharpstep.engine.ort;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.ops.KeyValues;
import io.sharpstep.engine.ops.NormStats;
import io.sharpstep.engine.pack.ModelPack;

/**
 * The VAE encoder: image [1,3,H,W] in [−1,1] → unscaled latent mean [1,C,H/f,W/f]; optionally with GroupNorm
 * statistics (see {@link VaeDecoder#decode(float[], int, int, NormStats, float[], RunContext)}).
 */
public final class VaeEncoder extends ImageGraph implements VaeGraph {
    public VaeEncoder(ModelPack pack, DeviceInfo device) {
        super(pack, "encoder", device, Timings.Part.ENCODE);
    }

    /** Encodes one tile ([3, h, w], values in [−1, 1]), each GroupNorm with the tile's own statistics. */
    public float[] encode(float[] chw, int w, int h, RunContext ctx) {
        return apply(chw, w, h, ctx);
    }

    /**
     * Encodes one tile with the given statistics (null: its own) and pixel weights at the latent resolution
     * [h/f · w/f] for the statistics it returns (null: all ones); returns the latent and its gn_stats.
     */
    public Result encode(float[] chw, int w, int h, NormStats given, float[] weights, RunContext ctx) {
        return encode(chw, w, h, given, null, weights, ctx);
    }

    /**
     * As {@link #encode(float[], int, int, NormStats, float[], RunContext)}, the mid-block attention attending to
     * {@code keys} (null: the tile's own only, which the result then holds; needs {@link #takesKeys()}).
     */
    public Result encode(float[] chw, int w, int h, NormStats given, KeyValues.TileKeys keys, float[] weights,
                         RunContext ctx) {
        Output o = apply(chw, w, h, given, keys, weights, ctx);
        return new Result(o.data(), o.gnStats(), o.keys());
    }
}
