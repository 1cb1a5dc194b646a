package io.sharpstep.engine;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Stage;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.ops.Bicubic;

import java.util.Map;

/** Bicubic ×scale as a "model", so it can be chosen and compared like any pack. Holds nothing native. */
public final class BicubicUpscaler implements Upscaler {
    private final ModelPack pack;

    public BicubicUpscaler(ModelPack pack) {
        this.pack = pack;
    }

    @Override
    public ModelPack pack() {
        return pack;
    }

    @Override
    public DeviceInfo device() {
        return DeviceInfo.cpu("");
    }

    @Override
    public FloatImage upscale(FloatImage rgb, boolean sourceIs8Bit, RunContext ctx) {
        ProgressTracker progress = new ProgressTracker(ctx.listener(), Map.of(Stage.PREPARE, 1.0));
        progress.begin(Stage.PREPARE, 1);
        ctx.cancel().check();
        FloatImage out = ctx.timings().time(Timings.Part.BICUBIC,
                () -> Bicubic.upscale(rgb, scale(), sourceIs8Bit, ctx.cancel()::check));
        progress.step(1, 1);
        return out;
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
