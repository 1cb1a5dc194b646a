package io.sharpstep.engine;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.PixelSink;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Stage;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.ops.Bicubic;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.raster.Workspace;

import java.util.Map;

/**
 * Bicubic ×scale as a "model", so it can be chosen and compared like any pack. Holds nothing native; works in
 * bands of output rows.
 */
public final class BicubicUpscaler implements Upscaler {
    /** Floats one band may hold (three channels): about 24 MB. */
    private static final long BAND_VALUES = 6L << 20;

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

    /** Rows of output per band for an output {@code width} wide. */
    static int bandRows(long width) {
        return (int) Math.max(8, Math.min(1024, BAND_VALUES / 3 / Math.max(1, width)));
    }

    @Override
    public WorkEstimate estimate(int width, int height) {
        long outW = (long) width * scale();
        int rows = bandRows(outW);
        // The band, and the horizontal pass over the source rows it needs.
        long heap = outW * rows * 3 * 4 + outW * (rows / scale() + 8) * 3 * 4;
        return new WorkEstimate(heap, 0, 0);
    }

    @Override
    public void upscale(PixelSource src, PixelSink out, Workspace ws, RunContext ctx) {
        int outW = Math.multiplyExact(src.width(), scale());
        int outH = Math.multiplyExact(src.height(), scale());
        PixelSource big = Bicubic.resized(src, outW, outH, ctx.cancel()::check);
        int rows = bandRows(outW);
        int bands = (outH + rows - 1) / rows;
        ProgressTracker progress = new ProgressTracker(ctx.listener(), Map.of(Stage.PREPARE, 1.0));
        progress.begin(Stage.PREPARE, bands);
        for (int i = 0; i < bands; i++) {
            ctx.cancel().check();
            Rect band = new Rect(0, i * rows, outW, Math.min(rows, outH - i * rows));
            out.put(band, ctx.timings().time(Timings.Part.BICUBIC, () -> big.read(band)));
            progress.step(i + 1, bands);
        }
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
