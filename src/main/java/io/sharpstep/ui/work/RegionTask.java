package io.sharpstep.ui.work;

import io.sharpstep.core.CancelToken;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Rect;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.jobs.RegionPreview;
import io.sharpstep.ui.model.SourceImage;
import io.sharpstep.ui.viewer.Raster;
import javafx.concurrent.Task;

/**
 * Enlarges one selected rectangle on the engine thread and paints it into a preview raster of the full result
 * size (made here if there is none yet), so the FX thread only has to repaint.
 */
public final class RegionTask extends Task<RegionTask.Outcome> {
    /** The enlarged region, and the raster it was painted into. */
    public record Outcome(RegionPreview.Result region, Raster raster, int scale) {
    }

    private final SourceImage source;
    private final Rect inputRegion;
    private final Raster existing;
    private final EngineSession session;
    private final ModelPack pack;
    private final UpscaleOptions options;
    private final CancelToken token = new CancelToken();

    public RegionTask(SourceImage source, Rect inputRegion, Raster existing, EngineSession session,
                      ModelPack pack, UpscaleOptions options) {
        this.source = source;
        this.inputRegion = inputRegion;
        this.existing = existing;
        this.session = session;
        this.pack = pack;
        this.options = options;
    }

    public void cancelJob() {
        token.cancel();
    }

    @Override
    protected Outcome call() {
        Upscaler up = session.upscaler(pack, options);
        RunContext ctx = RunContext.of(p -> updateProgress(p.fraction(), 1.0), token);
        RegionPreview.Result r = RegionPreview.run(source.rgb(), inputRegion, RegionPreview.DEFAULT_MARGIN, up, ctx);
        int s = up.scale();
        Raster raster = existing != null && existing.width() == source.rgb().width() * s
                && existing.height() == source.rgb().height() * s
                ? existing : new Raster(source.rgb().width() * s, source.rgb().height() * s);
        raster.paste(r.outputRegion(s), r.pixels());
        return new Outcome(r, raster, s);
    }
}
