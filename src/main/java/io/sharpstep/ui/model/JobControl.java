package io.sharpstep.ui.model;

import io.sharpstep.core.Durations;
import io.sharpstep.core.Failures;
import io.sharpstep.core.Progress;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.image.LoadedImage;
import io.sharpstep.jobs.JobOutcome;
import io.sharpstep.jobs.JobRunner;
import io.sharpstep.jobs.SourceFacts;
import io.sharpstep.ui.viewer.LiveTiles;
import io.sharpstep.ui.work.EngineSession;
import io.sharpstep.ui.work.FileActions;
import io.sharpstep.ui.work.JobTask;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the queue's photos one at a time on the engine thread, in queue order, and turns the engine's reports into
 * what the queue shows: stage, tiles, time so far and time left. Where the engine cannot report progress (a photo
 * that fits in one tile), the bar shows an estimate from the speed measured earlier for this pack and device,
 * marked as one. FX thread.
 */
final class JobControl {
    private final QueueViewModel queue;
    private final EngineSession session;
    private final SettingsViewModel settings;
    private final StatusModel status;
    private final JobRunner runner;
    private final List<QueueItem> batch = new ArrayList<>();
    private final List<QueueItem> removeWhenDone = new ArrayList<>();
    private final Timeline tick = new Timeline(new KeyFrame(Duration.seconds(1), e -> showRunning()));
    private QueueItem current;
    private JobTask task;
    private ModelPack pack;
    private long startNanos;
    private Progress last;
    private double megapixels;
    private LoadedImage image;
    private LiveTiles live;
    private long cancelRequestedAt;
    private long lastStopMillis = -1;
    private boolean continueBatch;

    JobControl(QueueViewModel queue, EngineSession session, SettingsViewModel settings, StatusModel status,
               JobRunner runner) {
        this.queue = queue;
        this.session = session;
        this.settings = settings;
        this.status = status;
        this.runner = runner;
        tick.setCycleCount(Timeline.INDEFINITE);
    }

    void start(List<QueueItem> waiting) {
        batch.clear();
        batch.addAll(waiting);
        continueBatch = true;
        runNext();
    }

    /** A photo joined the queue (or was queued again) while a batch runs: it counts in the batch. */
    void joined(QueueItem item) {
        if (current != null && !batch.contains(item)) {
            batch.add(item);
        }
    }

    QueueItem current() {
        return current;
    }

    /** Gives the running photo's view what the job has (decoded photo, live tiles). False if not the running one. */
    boolean attach(PhotoView view) {
        if (current == null || view.item() != current) {
            return false;
        }
        if (image != null) {
            view.setSource(image);
            view.setLive(pack.id(), live);
        }
        return true;
    }

    private void runNext() {
        QueueItem next = continueBatch ? queue.items().stream().filter(i -> i.state() == ItemState.WAITING)
                .findFirst().orElse(null) : null;
        ModelPack p = settings.packProperty().get();
        if (next == null || p == null) {
            if (next != null) {
                status.info("No model pack to run: install one (see Settings).");
            }
            current = null;
            task = null;
            image = null;
            live = null;
            tick.stop();
            queue.runningProperty().set(false);
            queue.updateCounts();
            return;
        }
        current = next;
        pack = p;
        last = null;
        image = null;
        live = null;
        megapixels = next.headerProperty().get() == null ? 0 : next.headerProperty().get().pixels()
                * (double) p.manifest().scale() * p.manifest().scale() / 1e6;
        queue.runningProperty().set(true);
        next.stateProperty().set(ItemState.RUNNING);
        next.progressProperty().set(0);
        next.shownPackProperty().set(p.id());
        next.detailProperty().set("Starting…");
        Path dir = next.pasted() && settings.outputDirProperty().get() == null ? FileActions.pastedResultsFolder()
                : null;
        JobTask t = new JobTask(next.path(), session, p, settings.upscaleOptions(), settings.jobSettings(dir), runner,
                new Reports(next, p));
        task = t;
        startNanos = System.nanoTime();
        t.setOnSucceeded(e -> finish(next, p, t.getValue()));
        t.setOnFailed(e -> finish(next, p, new JobOutcome(next.path(), JobOutcome.Status.FAILED, null, null,
                List.of(), Failures.of(t.getException()), new Timings())));
        status.info("Enhancing " + next.name() + " with " + p.manifest().name() + "…"
                + (dir != null ? " Results of pasted images go to " + dir + "." : ""));
        session.executor().execute(t);
        tick.play();
        queue.updateCounts();
    }

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Expected seconds for the running photo from earlier speed, or -1. */
    private double expected() {
        return megapixels > 0 ? queue.estimateSeconds(pack.id(), megapixels) : -1;
    }

    /** Stage, tiles, time so far and left; an estimated bar where the engine has no progress to report. */
    private void showRunning() {
        QueueItem item = current;
        if (item == null || item.state() != ItemState.RUNNING) {
            return;
        }
        double el = elapsed();
        String stage = last == null ? "Starting" : last.stage().label();
        boolean measured = last != null && last.etaSeconds() >= 0 && (last.tiles() > 1 || last.fraction() >= 0.05);
        double exp = expected();
        double left;
        if (measured) {
            item.estimatedProperty().set(false);
            item.progressProperty().set(last.fraction());
            left = last.etaSeconds();
            String tiles = last.tiles() > 1 ? " " + last.tile() + "/" + last.tiles() : "";
            item.detailProperty().set(stage + tiles + " · " + Durations.format(el) + " so far · "
                    + Durations.format(left) + " left");
        } else if (exp > 0) {
            double f = Math.min(0.95, el / exp);
            boolean estimate = last == null || f > last.fraction();
            item.estimatedProperty().set(estimate);
            item.progressProperty().set(estimate ? f : last.fraction());
            left = Math.max(0, exp - el);
            item.detailProperty().set(stage + " · " + Durations.format(el) + " so far · about "
                    + Durations.format(left) + " left (estimate)");
        } else {
            item.estimatedProperty().set(false);
            item.progressProperty().set(last != null && last.fraction() > 0 ? last.fraction() : -1);
            left = -1;
            item.detailProperty().set(stage + " · " + Durations.format(el) + " so far");
        }
        if (task != null && task.isCancelRequested()) {
            item.detailProperty().set("Cancelling…");
        }
        item.etaProperty().set(left);
        queue.updateCounts();
    }

    /** Seconds left for the running photo and those waiting after it, or -1 if unknown. */
    double secondsLeft() {
        if (current == null) {
            return -1;
        }
        double left = current.etaProperty().get();
        if (left < 0) {
            return -1;
        }
        for (QueueItem i : queue.items()) {
            if (i != current && i.state() == ItemState.WAITING && i.headerProperty().get() != null) {
                int s = pack.manifest().scale();
                double est = queue.estimateSeconds(pack.id(), i.headerProperty().get().pixels() * (double) s * s / 1e6);
                if (est < 0) {
                    return -1;
                }
                left += est;
            }
        }
        return left;
    }

    /** Share of the batch done: finished photos count whole, the running one by its progress. */
    double batchProgress() {
        if (batch.isEmpty()) {
            return 0;
        }
        double done = 0;
        for (QueueItem i : batch) {
            if (i.state().isFinal()) {
                done += 1;
            } else if (i.state() == ItemState.RUNNING) {
                done += Math.max(0, i.progressProperty().get());
            }
        }
        return done / batch.size();
    }

    private void finish(QueueItem item, ModelPack p, JobOutcome r) {
        double seconds = elapsed();
        tick.stop();
        if (cancelRequestedAt != 0) {
            lastStopMillis = (System.nanoTime() - cancelRequestedAt) / 1_000_000;
            status.info("The engine stopped " + lastStopMillis + " ms after the cancel.");
            cancelRequestedAt = 0;
        }
        PhotoView view = queue.shownProperty().get();
        boolean onScreen = view != null && view.item() == item;
        item.etaProperty().set(-1);
        item.estimatedProperty().set(false);
        try (r) {
            switch (r.status()) {
                case DONE -> done(item, p, r, seconds, onScreen ? view : null);
                case CANCELLED -> {
                    item.stateProperty().set(ItemState.CANCELLED);
                    item.progressProperty().set(0);
                    item.detailProperty().set(r.written().isEmpty() ? "Cancelled; nothing was written."
                            : "Cancelled after writing " + names(r.written()) + ".");
                    if (onScreen) {
                        view.drop(p.id());
                    }
                }
                case FAILED -> failed(item, p, r, onScreen ? view : null);
                default -> throw new IllegalStateException(r.status().name());
            }
        }
        if (onScreen && view.source() == null) {
            view.load();
        }
        if (removeWhenDone.remove(item)) {
            queue.removeNow(item);
        }
        runNext();
    }

    private void done(QueueItem item, ModelPack p, JobOutcome r, double seconds, PhotoView view) {
        Path file = r.written().isEmpty() ? null : r.written().get(0);
        SourceFacts f = r.source();
        int s = p.manifest().scale();
        int w = r.result() != null ? r.result().width() : f == null ? 0 : f.width() * s;
        int h = r.result() != null ? r.result().height() : f == null ? 0 : f.height() * s;
        if (file != null) {
            item.outputs().put(p.id(), new QueueItem.Output(file, w, h));
        }
        item.shownPackProperty().set(p.id());
        item.stateProperty().set(ItemState.DONE);
        item.progressProperty().set(1);
        item.detailProperty().set("Done in " + Durations.format(seconds) + " → "
                + (file == null ? "" : file.getFileName()));
        if (view != null && r.result() != null) {
            view.setResult(p.id(), r.result().retain());
        }
        double mp = (double) w * h / 1e6;
        if (mp > 0) {
            settings.recordSpeed(p.id(), queue.deviceKey(), seconds / mp);
        }
        status.info(item.name() + " done in " + Durations.format(seconds) + ": " + file);
    }

    private void failed(QueueItem item, ModelPack p, JobOutcome r, PhotoView view) {
        SharpStepException e = r.failure();
        String msg = r.message().isBlank() ? "Something went wrong." : r.message();
        String wrote = r.written().isEmpty() ? "" : " (" + names(r.written()) + " was written before that)";
        item.stateProperty().set(ItemState.FAILED);
        item.progressProperty().set(0);
        item.detailProperty().set(msg + wrote);
        String context = "Photo: " + item.path() + "\nModel pack: " + p.summary() + "\n"
                + status.deviceProperty().get() + (r.written().isEmpty() ? "" : "\nWritten: " + r.written());
        item.failureDetailProperty().set(StatusModel.details(msg, e, context));
        // The job has logged the failure with its detail already.
        status.error(msg + wrote, null, context, item);
        status.errorDetailsProperty().set(item.failureDetailProperty().get());
        if (view != null) {
            view.drop(p.id());
        }
        SourceFacts f = r.source();
        if (!r.written().isEmpty() && f != null) {
            int s = p.manifest().scale();
            item.outputs().put(p.id(), new QueueItem.Output(r.written().get(0), f.width() * s, f.height() * s));
        }
    }

    private static String names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", "));
    }

    void cancelCurrent() {
        if (task != null && !task.isCancelRequested()) {
            cancelRequestedAt = System.nanoTime();
            task.cancelJob();
            current.detailProperty().set("Cancelling…");
            status.info("Cancelling " + current.name() + "…");
        }
    }

    void cancelAll() {
        continueBatch = false;
        cancelCurrent();
    }

    void removeWhenDone(QueueItem item) {
        removeWhenDone.add(item);
        cancelCurrent();
    }

    long lastStopMillis() {
        return lastStopMillis;
    }

    /** The engine's reports for one job, on the FX thread. */
    private final class Reports implements JobTask.Live {
        private final QueueItem item;
        private final ModelPack pack;

        Reports(QueueItem item, ModelPack pack) {
            this.item = item;
            this.pack = pack;
        }

        @Override
        public void decoded(SourceFacts facts, LoadedImage img, LiveTiles tiles) {
            if (current != item) {
                return;
            }
            image = img;
            live = tiles;
            int s = pack.manifest().scale();
            megapixels = (double) facts.width() * s * facts.height() * s / 1e6;
            PhotoView view = queue.shownProperty().get();
            if (view != null && view.item() == item) {
                view.setSource(img);
                view.setLive(pack.id(), tiles);
            }
        }

        @Override
        public void progress(Progress p) {
            if (current == item && item.state() == ItemState.RUNNING) {
                last = p;
                showRunning();
            }
        }

        @Override
        public void tilesPainted() {
            PhotoView view = queue.shownProperty().get();
            if (view != null && view.item() == item) {
                view.touch();
            }
        }
    }
}
