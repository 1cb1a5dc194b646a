package io.sharpstep.ui.work;

import io.sharpstep.core.CancelToken;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.core.Progress;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.jobs.JobEvent;
import io.sharpstep.jobs.JobOutcome;
import io.sharpstep.jobs.JobRunner;
import io.sharpstep.jobs.JobSettings;
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
     * @param result  the job's outcome (its result pixels already released: the display copy holds what is shown)
     * @param source  the decoded input (null if it could not be read)
     * @param display the final result for display (null unless done)
     */
    public record Outcome(JobOutcome result, SourceImage source, Raster display) {
    }

    /** Live reports, delivered on the FX thread. */
    public interface Live {
        /** The photo is decoded; {@code preview} fills as tiles finish. */
        void started(SourceImage source, Raster preview);

        void progress(Progress p);

        /** Some tiles were painted into the preview raster. */
        void tilesPainted();
    }

    /** The decoded photo and the raster its live preview is painted into. */
    private record Started(SourceImage source, Raster preview) {
    }

    private final Path input;
    private final EngineSession session;
    private final ModelPack pack;
    private final UpscaleOptions options;
    private final JobSettings settings;
    private final JobRunner runner;
    private final CancelToken token = new CancelToken();
    private final FxLatest<Progress> progress;
    private final FxLatest<Boolean> tiles;
    private final FxLatest<Started> started;
    private volatile Raster preview;
    private volatile SourceImage source;

    public JobTask(Path input, EngineSession session, ModelPack pack, UpscaleOptions options, JobSettings settings,
                   JobRunner runner, Live live) {
        this.input = input;
        this.session = session;
        this.pack = pack;
        this.options = options;
        this.settings = settings;
        this.runner = runner;
        this.progress = new FxLatest<>(live::progress);
        this.tiles = new FxLatest<>(b -> live.tilesPainted());
        this.started = new FxLatest<>(s -> live.started(s.source(), s.preview()));
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
        Upscaler upscaler;
        try {
            token.check();
            upscaler = session.upscaler(pack, options);
        } catch (SharpStepException e) {
            JobOutcome.Status s = token.isCancelled() ? JobOutcome.Status.CANCELLED : JobOutcome.Status.FAILED;
            return new Outcome(new JobOutcome(input, s, null, null, List.of(), e, new Timings()), null, null);
        }
        int scale = upscaler.scale();
        try (JobOutcome result = runner.run(input, upscaler, settings, event -> on(event, scale), token)) {
            Raster display = result.result() == null ? null : Raster.of(result.result());
            return new Outcome(result, source, display);
        }
    }

    private void on(JobEvent event, int scale) {
        if (event instanceof JobEvent.Decoded d) {
            source = SourceImage.of(d.image().rgb());
            preview = new Raster(d.facts().width() * scale, d.facts().height() * scale);
            started.post(new Started(source, preview));
        } else if (event instanceof JobEvent.Progressed p) {
            updateProgress(p.progress().fraction(), 1.0);
            progress.post(p.progress());
        } else if (event instanceof JobEvent.TileDone t) {
            Raster r = preview;
            if (r != null) {
                r.paste(t.region(), t.pixels());
                tiles.post(Boolean.TRUE);
            }
        }
    }
}
