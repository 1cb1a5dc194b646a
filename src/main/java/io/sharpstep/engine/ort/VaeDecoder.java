package io.sharpstep.engine.ort;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.ops.KeyValues;
import io.sharpstep.engine.ops.NormStats;
import io.sharpstep.engine.pack.ModelPack;

/** The VAE decoder: unscaled latent [1,C,h,w] → image [1,3,f·h,f·w] in about [−1,1]; optionally with statistics. */
public final class VaeDecoder extends ImageGraph implements VaeGraph {
    public VaeDecoder(ModelPack pack, DeviceInfo device) {
        super(pack, "decoder", device, Timings.Part.DECODE);
    }

    /** Decodes one latent tile ([C, h, w]), each GroupNorm with the tile's own statistics. */
    public float[] decode(float[] chw, int w, int h, RunContext ctx) {
        return apply(chw, w, h, ctx);
    }

    /**
     * Decodes one latent tile with the given GroupNorm statistics ({@code given} null: the tile's own, as
     * {@link #decode(float[], int, int, RunContext)}; else every layer normalised with them) and pixel weights
     * [h · w] over which the returned gn_stats are taken (null: all ones; needs {@link #takesPixelWeights()}).
     * Only for graphs with {@link #statistics()}.
     */
    public Result decode(float[] chw, int w, int h, NormStats given, float[] weights, RunContext ctx) {
        return decode(chw, w, h, given, null, weights, ctx);
    }

    /**
     * As {@link #decode(float[], int, int, NormStats, float[], RunContext)}, the mid-block attention attending to
     * {@code keys} (null: the tile's own only, which the result then holds; needs {@link #takesKeys()}).
     */
    public Result decode(float[] chw, int w, int h, NormStats given, KeyValues.TileKeys keys, float[] weights,
                         RunContext ctx) {
        Output o = apply(chw, w, h, given, keys, weights, ctx);
        return new Result(o.data(), o.gnStats(), o.keys());
    }
}
