package io.sharpstep.engine.ort;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.pack.ModelPack;

/** The VAE encoder: image [1,3,H,W] in [−1,1] → unscaled latent mean [1,C,H/f,W/f]. */
public final class VaeEncoder extends ImageGraph {
    public VaeEncoder(ModelPack pack, DeviceInfo device) {
        super(pack, "encoder", device, Timings.Part.ENCODE);
    }

    /** Encodes one tile ([3, h, w], values in [−1, 1]). */
    public float[] encode(float[] chw, int w, int h, RunContext ctx) {
        return apply(chw, w, h, ctx);
    }
}
