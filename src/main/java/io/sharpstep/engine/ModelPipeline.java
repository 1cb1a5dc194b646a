package io.sharpstep.engine;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Stage;
import io.sharpstep.engine.pack.ModelPack;

import java.util.function.IntConsumer;

/** What the pipelines that run ONNX models share: their pack, device and options. */
abstract class ModelPipeline implements Upscaler {
    /** Side of the blocks blended output is handed on in. */
    static final int BLEND_BLOCK = 64;

    protected final ModelPack pack;
    protected final DeviceInfo device;
    protected final UpscaleOptions options;

    ModelPipeline(ModelPack pack, DeviceInfo device, UpscaleOptions options) {
        this.pack = pack;
        this.device = device;
        this.options = options;
    }

    @Override
    public ModelPack pack() {
        return pack;
    }

    @Override
    public DeviceInfo device() {
        return device;
    }

    /**
     * The loop every tiled stage shares: before each tile the job may be cancelled, after each the stage's progress
     * moves on; {@code body} does tile {@code k}.
     */
    static void eachTile(Stage stage, int tiles, RunContext ctx, ProgressTracker progress, IntConsumer body) {
        progress.begin(stage, tiles);
        eachTile(0, tiles, tiles, ctx, progress, body);
    }

    /**
     * The same loop within a stage already begun with {@code total} steps, of which {@code before} are done
     * (the VAE's statistics runs).
     */
    static void eachTile(int before, int tiles, int total, RunContext ctx, ProgressTracker progress,
                         IntConsumer body) {
        for (int k = 0; k < tiles; k++) {
            ctx.cancel().check();
            body.accept(k);
            progress.step(before + k + 1, total);
        }
    }

    /** The colour fix the user chose, else the pack's. */
    protected ColorFix colorFix() {
        return options.colorFix() != null ? options.colorFix() : pack.manifest().colorFix();
    }
}
