package io.sharpstep.ui.work;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.Progress;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.image.LoadedImage;
import io.sharpstep.jobs.JobEvent;
import io.sharpstep.jobs.JobOutcome;
import io.sharpstep.jobs.JobRunner;
import io.sharpstep.jobs.JobSettings;
import io.sharpstep.jobs.SourceFacts;
import io.sharpstep.ui.viewer.DisplayColor;
import io.sharpstep.ui.viewer.LiveTiles;
import io.sharpstep.ui.viewer.Lod;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.List;

/**
 * One photo through the injected {@link JobRunner} on the engine thread. Progress and finished tiles are reported
 * to the FX thread coalesced (at most one pending update each); tiles are painted into the live tiles on the
 * worker, so the FX thread only repaints. Cancelling goes through the engine's {@link CancelToken}: the task then
 * ends normally with a CANCELLED outcome, once the engine has really stopped. The outcome is handed over open:
 * whoever takes it keeps the result's pixels (retain) or lets them go, and closes it.
 */
public final class JobTask extends Task<JobOutcome> {
    /** Live reports, delivered on the FX thread. */
    public interface Live {
        /** The photo is decoded; {@code tiles} fills as the engine finishes tiles. */
        void decoded(SourceFacts facts, LoadedImage image, LiveTiles tiles);

        void progress(Progress p);

        /** Some tiles were painted into the live tiles. */
        void tilesPainted();
    }

    private record Decoded(SourceFacts facts, LoadedImage image, LiveTiles tiles) {
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
    private final FxLatest<Decoded> decoded;
    private volatile LiveTiles live;

    public JobTask(Path input, EngineSession session, ModelPack pack, UpscaleOptions options, JobSettings settings,
                   JobRunner runner, Live reports) {
        this.input = input;
        this.session = session;
        this.pack = pack;
        this.options = options;
        this.settings = settings;
        this.runner = runner;
        this.progress = new FxLatest<>(reports::progress);
        this.tiles = new FxLatest<>(b -> reports.tilesPainted());
        this.decoded = new FxLatest<>(d -> reports.decoded(d.facts(), d.image(), d.tiles()));
    }

    /** Asks the engine to stop this job as soon as it can. Any thread. */
    public void cancelJob() {
        token.cancel();
    }

    public boolean isCancelRequested() {
        return token.isCancelled();
    }

    @Override
    protected JobOutcome call() {
        Upscaler upscaler;
        try {
            token.check();
            upscaler = session.upscaler(pack, options);
        } catch (SharpStepException e) {
            JobOutcome.Status s = token.isCancelled() ? JobOutcome.Status.CANCELLED : JobOutcome.Status.FAILED;
            return new JobOutcome(input, s, null, null, List.of(), e, new Timings());
        }
        int scale = upscaler.scale();
        return runner.run(input, upscaler, settings, event -> on(event, scale), token);
    }

    private void on(JobEvent event, int scale) {
        if (event instanceof JobEvent.Decoded d) {
            SourceFacts f = d.facts();
            live = new LiveTiles(f.width() * scale, f.height() * scale,
                    DisplayColor.of(d.image().metadata().icc()), Lod.LIVE_TILE_BYTES);
            decoded.post(new Decoded(f, d.image(), live));
        } else if (event instanceof JobEvent.Progressed p) {
            updateProgress(p.progress().fraction(), 1.0);
            progress.post(p.progress());
        } else if (event instanceof JobEvent.TileDone t) {
            LiveTiles l = live;
            if (l != null) {
                l.paint(t.region(), t.pixels());
                tiles.post(Boolean.TRUE);
            }
        }
    }
}
