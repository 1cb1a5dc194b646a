package io.sharpstep.ui.work;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.jobs.RegionPreview;
import io.sharpstep.raster.ResultRaster;
import io.sharpstep.raster.ResultSink;
import javafx.concurrent.Task;

/**
 * Enlarges one selected rectangle on the engine thread, for a look before the whole photo runs. The result is
 * kept as 8-bit samples (what the viewer shows and Save as… writes); the float pixels go at once. Cancelled
 * through the engine's {@link CancelToken}.
 */
public final class RegionTask extends Task<RegionTask.Result> {
    /**
     * An enlarged region.
     *
     * @param inputRegion  what was enlarged, in input pixels
     * @param outputRegion where it lies in the whole result
     * @param pixels       its samples (one share, now the receiver's)
     */
    public record Result(Rect inputRegion, Rect outputRegion, ResultRaster pixels) {
    }

    private final PixelSource source;
    private final Rect inputRegion;
    private final EngineSession session;
    private final ModelPack pack;
    private final UpscaleOptions options;
    private final CancelToken token = new CancelToken();

    public RegionTask(PixelSource source, Rect inputRegion, EngineSession session, ModelPack pack,
                      UpscaleOptions options) {
        this.source = source;
        this.inputRegion = inputRegion;
        this.session = session;
        this.pack = pack;
        this.options = options;
    }

    /** Asks the engine to stop this preview as soon as it can. Any thread. */
    public void cancelRegion() {
        token.cancel();
    }

    public boolean isCancelRequested() {
        return token.isCancelled();
    }

    @Override
    protected Result call() {
        token.check();
        Upscaler up = session.upscaler(pack, options);
        RunContext ctx = RunContext.of(p -> updateProgress(p.fraction(), 1.0), token);
        RegionPreview.Result r = RegionPreview.run(source, inputRegion, RegionPreview.DEFAULT_MARGIN, up, ctx);
        Rect out = r.outputRegion(up.scale());
        ResultRaster raster = ResultRaster.inHeap(out.width(), out.height(), 3, 8);
        new ResultSink(raster, null).put(new Rect(0, 0, out.width(), out.height()), r.pixels());
        return new Result(r.inputRegion(), out, raster);
    }
}
