package io.sharpstep.engine.ort;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.engine.pack.LatentSpec;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Timings;

import java.nio.file.Path;

/** The VAE decoder: unscaled latent [1,C,h,w] → image [1,3,f·h,f·w] in about [−1,1]. */
public final class VaeDecoder extends ImageGraph {
    public VaeDecoder(Path file, DeviceInfo device, LatentSpec latent) {
        super(file, "decoder", device, latent.channels(), 3, latent.factor(), 1, Timings.Part.DECODE);
    }

    /** Decodes one latent tile ([C, h, w]). */
    public float[] decode(float[] chw, int w, int h, RunContext ctx) {
        return apply(chw, w, h, ctx);
    }
}
