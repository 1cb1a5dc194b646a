package io.sharpstep.engine.ort;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.pack.ModelPack;

import java.util.OptionalInt;

/** A direct model: image [1,3,H,W] in [0,1] → image [1,3,sH,sW]. */
public final class DirectModel extends ImageGraph {
    public DirectModel(ModelPack pack, DeviceInfo device) {
        super(pack, "model", device, Timings.Part.MODEL);
    }

    /** Enlarges one tile ([3, h, w]). */
    public float[] enlarge(float[] chw, int w, int h, RunContext ctx) {
        return apply(chw, w, h, ctx);
    }

    /** The square tile side the graph insists on, if any (fixed non-square inputs are refused at load). */
    public OptionalInt requiredSide() {
        return fixedSide();
    }
}
