package io.sharpstep.ui.work;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.FloatImage;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.core.Progress;
import io.sharpstep.core.ProgressListener;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Rect;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.jobs.JobResult;
import io.sharpstep.jobs.JobSettings;
import io.sharpstep.jobs.UpscaleJob;
import io.sharpstep.ui.model.SourceImage;
import io.sharpstep.ui.viewer.Raster;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.List;

/**
 * One photo through {@link UpscaleJob} on the engine thread. Progress and finished tiles are reported to the
 * FX thread coalesced (at most one pending update each); tiles are painted into the live raster on the
 * worker, so the FX thread only repaints. Cancelling goes through the engine's {@link CancelToken}: the task
 * then ends normally with a CANCELLED result, once the engine has really stopped.
 */
public final class JobTask extends Task<JobTask.Outcome> {
    /**
     * What the FX thread gets at the end.
     *
     * @param result the job's result
     * @param source the decoded input (null if it could not be read)
     * @param display the final result for display (null unless done)
     */
    public record Outcome(JobResult result, SourceImage source, Raster display) {
    }

    /** Live reports, delivered on the FX thread. */
    public interface Live {
        /** The photo is decoded; {@code preview} fills as tiles finish. */
        void started(SourceImage source, Raster preview);

        void progress(Progress p);

        /** Some tiles were painted into the preview raster. */
        void tilesPainted();
    }

    private final Path input;
    private final EngineSession session;
    private final ModelPack pack;
    private final UpscaleOptions options;
    private final JobSettings settings;
    private final CancelToken token = new CancelToken();
    private final FxLatest<Progress> progress;
    private final FxLatest<Boolean> tiles;
    private final FxLatest<Object[]> started;
    private volatile Raster preview;
    private volatile SourceImage source;

    public JobTask(Path input, EngineSession session, ModelPack pack, UpscaleOptions options, JobSettings settings,
                   Live live) {
        this.input = input;
        this.session = session;
        this.pack = pack;
        this.options = options;
        this.settings = settings;
        this.progress = new FxLatest<>(live::progress);
        this.tiles = new FxLatest<>(b -> live.tilesPainted());
        this.started = new FxLatest<>(a -> live.started((SourceImage) a[0], (Raster) a[1]));
    }

    /** Asks the engine to stop this job as soon as it can. Any thread. */
    public void cancelJob() {
        token.cancel();
    }

    public boolean isCancelRequested() {
        return token.isCancelled();
    }

    @Override
    protected Outcome call() {
        Timings timings = new Timings();
        Upscaler upscaler;
        try {
            token.check();
            upscaler = session.upscaler(pack, options);
        } catch (SharpStepException e) {
            JobResult.Status s = token.isCancelled() ? JobResult.Status.CANCELLED : JobResult.Status.FAILED;
            return new Outcome(new JobResult(input, s, List.of(), e.getMessage(), timings), null, null);
        }
        int scale = upscaler.scale();
        CapturingUpscaler capture = new CapturingUpscaler(upscaler, (rgb, is8) -> {
            source = SourceImage.of(rgb, is8);
            preview = new Raster(rgb.width() * scale, rgb.height() * scale);
            started.post(new Object[] {source, preview});
        });
        RunContext ctx = new RunContext(new Listener(), token, timings);
        JobResult result = UpscaleJob.run(input, capture, settings, ctx);
        Raster display = null;
        FloatImage out = capture.output();
        if (result.status() == JobResult.Status.DONE && out != null) {
            display = Raster.of(out);
        }
        capture.release();
        return new Outcome(result, source, display);
    }

    private final class Listener implements ProgressListener {
        @Override
        public void onProgress(Progress p) {
            updateProgress(p.fraction(), 1.0);
            progress.post(p);
        }

        @Override
        public void onTileDone(Rect region, FloatImage pixels) {
            Raster r = preview;
            if (r != null) {
                r.paste(region, pixels);
                tiles.post(Boolean.TRUE);
            }
        }
    }
}
