package io.sharpstep.engine.ort;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.pack.ModelPack;

/** The VAE decoder: unscaled latent [1,C,h,w] → image [1,3,f·h,f·w] in about [−1,1]. */
public final class VaeDecoder extends ImageGraph {
    public VaeDecoder(ModelPack pack, DeviceInfo device) {
        super(pack, "decoder", device, Timings.Part.DECODE);
    }

    /** Decodes one latent tile ([C, h, w]). */
    public float[] decode(float[] chw, int w, int h, RunContext ctx) {
        return apply(chw, w, h, ctx);
    }
}
