package io.sharpstep.ui.model;

import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.core.Progress;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Rect;
import io.sharpstep.jobs.InputFiles;
import io.sharpstep.core.Failures;
import io.sharpstep.core.Timings;
import io.sharpstep.jobs.JobOutcome;
import io.sharpstep.jobs.JobRunner;
import io.sharpstep.ui.viewer.Raster;
import io.sharpstep.ui.work.EngineSession;
import io.sharpstep.ui.work.ImageLoader;
import io.sharpstep.ui.work.JobTask;
import io.sharpstep.ui.work.RegionTask;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The queue of photos and the jobs over it: one job at a time on the engine thread, in queue order. All
 * methods are for the FX thread; none of them blocks.
 */
public final class QueueViewModel {
    private final ObservableList<QueueItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<QueueItem> selected = new SimpleObjectProperty<>();
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty batchProgress = new SimpleDoubleProperty(0);
    private final StringProperty batchText = new SimpleStringProperty("");
    private final List<QueueItem> batch = new ArrayList<>();
    private final List<QueueItem> removeWhenDone = new ArrayList<>();
    private final EngineSession session;
    private final SettingsViewModel settings;
    private final StatusModel status;
    private final ImageLoader loader;
    private QueueItem current;
    private JobTask currentTask;
    private long cancelRequestedAt;
    private long lastStopMillis = -1;
    private double secondsPerJob = -1;
    private boolean continueBatch;

    public QueueViewModel(EngineSession session, SettingsViewModel settings, StatusModel status, ImageLoader loader) {
        this.session = session;
        this.settings = settings;
        this.status = status;
        this.loader = loader;
    }

    /** Queues photos and the photos of folders (what a drop, Open… or a paste gives). */
    public List<QueueItem> addPaths(List<Path> paths) {
        List<QueueItem> added = new ArrayList<>();
        try {
            for (Path p : InputFiles.expand(paths)) {
                QueueItem item = new QueueItem(p);
                items.add(item);
                added.add(item);
                if (running.get()) {
                    batch.add(item);
                }
                loader.thumbnail(item);
            }
        } catch (SharpStepException e) {
            status.error(e.getMessage(), e);
        }
        if (!added.isEmpty()) {
            status.info("Queued " + added.size() + (added.size() == 1 ? " photo." : " photos."));
            if (selected.get() == null) {
                selected.set(added.get(0));
            }
        } else if (!paths.isEmpty()) {
            status.info("No photos found in what was dropped.");
        }
        updateBatch();
        return added;
    }

    /** Runs every waiting photo, one after the other. */
    public void start() {
        if (running.get()) {
            return;
        }
        batch.clear();
        items.stream().filter(i -> i.state() == ItemState.WAITING).forEach(batch::add);
        if (batch.isEmpty()) {
            status.info("Nothing waiting: add photos, or select a finished one and press Start to run it again.");
            return;
        }
        continueBatch = true;
        runNext();
    }

    /** Runs the photo again (e.g. with another pack), after the current work. */
    public void requeue(QueueItem item) {
        if (item != null && item.state().isFinal()) {
            item.stateProperty().set(ItemState.WAITING);
            item.progressProperty().set(0);
            item.detailProperty().set("");
            if (running.get()) {
                batch.add(item);
            }
        }
    }

    private void runNext() {
        QueueItem next = items.stream().filter(i -> i.state() == ItemState.WAITING).findFirst().orElse(null);
        if (next == null || !continueBatch) {
            running.set(false);
            current = null;
            currentTask = null;
            updateBatch();
            return;
        }
        ModelPack pack = settings.packProperty().get();
        current = next;
        running.set(true);
        next.stateProperty().set(ItemState.RUNNING);
        next.progressProperty().set(0);
        next.detailProperty().set("Starting…");
        JobTask task = new JobTask(next.path(), session, pack, settings.upscaleOptions(), settings.jobSettings(),
                JobRunner.STANDARD, new LiveReports(next, pack));
        currentTask = task;
        long t0 = System.nanoTime();
        task.setOnSucceeded(e -> finish(next, pack, task.getValue(), (System.nanoTime() - t0) / 1e9));
        task.setOnFailed(e -> finish(next, pack, new JobTask.Outcome(new JobOutcome(next.path(),
                JobOutcome.Status.FAILED, null, null, List.of(), Failures.of(task.getException()), new Timings()),
                null, null), (System.nanoTime() - t0) / 1e9));
        status.info("Enhancing " + next.name() + " with " + pack.id() + "…");
        session.executor().execute(task);
        updateBatch();
    }

    private void finish(QueueItem item, ModelPack pack, JobTask.Outcome out, double seconds) {
        JobOutcome r = out.result();
        if (cancelRequestedAt != 0) {
            lastStopMillis = (System.nanoTime() - cancelRequestedAt) / 1_000_000;
            status.info("The engine stopped " + lastStopMillis + " ms after the cancel.");
            cancelRequestedAt = 0;
        }
        if (out.source() != null && item.sourceProperty().get() == null) {
            item.sourceProperty().set(out.source());
        }
        item.etaProperty().set(-1);
        switch (r.status()) {
            case DONE -> {
                Path file = r.written().isEmpty() ? null : r.written().get(0);
                item.stateProperty().set(ItemState.DONE);
                item.progressProperty().set(1);
                item.outputProperty().set(file);
                item.putResult(new ResultImage(pack.id(), out.display(), file, null, true));
                item.detailProperty().set(String.format("Done in %.1f s → %s", seconds,
                        file == null ? "" : file.getFileName()));
                status.info(item.name() + " done in " + String.format("%.1f s", seconds) + ": " + file);
                secondsPerJob = secondsPerJob < 0 ? seconds : (secondsPerJob + seconds) / 2;
            }
            case CANCELLED -> {
                dropIncomplete(item, pack);
                item.stateProperty().set(ItemState.CANCELLED);
                item.progressProperty().set(0);
                item.detailProperty().set("Cancelled; nothing was written.");
            }
            case FAILED -> {
                dropIncomplete(item, pack);
                item.stateProperty().set(ItemState.FAILED);
                item.progressProperty().set(0);
                item.detailProperty().set(r.message());
                status.error(r.message(), null);
                status.errorDetailsProperty().set(r.message() + "\n\nPhoto: " + item.path() + "\nModel pack: "
                        + pack.summary() + "\nDevice: " + status.deviceProperty().get());
            }
            default -> throw new IllegalStateException();
        }
        if (removeWhenDone.remove(item)) {
            items.remove(item);
        }
        runNext();
    }

    private void dropIncomplete(QueueItem item, ModelPack pack) {
        ResultImage r = item.results().get(pack.id());
        if (r != null && !r.complete() && r.region() == null) {
            item.results().remove(pack.id());
            item.touch();
        }
    }

    /** Stops the running photo; the rest of the batch goes on. */
    public void cancelCurrent() {
        if (currentTask != null && !currentTask.isCancelRequested()) {
            cancelRequestedAt = System.nanoTime();
            currentTask.cancelJob();
            current.detailProperty().set("Cancelling…");
            status.info("Cancelling " + current.name() + "…");
        }
    }

    /** Stops the running photo and every waiting one. */
    public void cancelAll() {
        continueBatch = false;
        for (QueueItem i : items) {
            if (i.state() == ItemState.WAITING) {
                i.stateProperty().set(ItemState.CANCELLED);
                i.detailProperty().set("Cancelled before it started.");
            }
        }
        cancelCurrent();
        updateBatch();
    }

    /** Removes a photo from the queue (a running one is cancelled first). */
    public void remove(QueueItem item) {
        if (item == null) {
            return;
        }
        if (item == current) {
            removeWhenDone.add(item);
            cancelCurrent();
        } else {
            items.remove(item);
            batch.remove(item);
        }
        if (selected.get() == item) {
            selected.set(items.isEmpty() ? null : items.get(0));
        }
        updateBatch();
    }

    /** Removes every photo that is not running. */
    public void clear() {
        items.removeIf(i -> i != current);
        batch.removeIf(i -> i != current);
        selected.set(current);
        updateBatch();
    }

    /** Enlarges a rectangle (input pixels) of the photo with the selected pack, ahead of the whole photo. */
    public void previewRegion(QueueItem item, Rect inputRegion) {
        SourceImage src = item == null ? null : item.sourceProperty().get();
        if (src == null) {
            status.info("The photo is still loading; try the region again in a moment.");
            return;
        }
        ModelPack pack = settings.packProperty().get();
        ResultImage existing = item.results().get(pack.id());
        if (existing != null && existing.complete()) {
            status.info(item.name() + " is already enhanced with " + pack.id() + ".");
            return;
        }
        RegionTask task = new RegionTask(src, inputRegion, existing == null ? null : existing.display(), session,
                pack, settings.upscaleOptions());
        long t0 = System.nanoTime();
        task.setOnSucceeded(e -> {
            RegionTask.Outcome o = task.getValue();
            Rect r = o.region().inputRegion();
            item.putResult(new ResultImage(pack.id(), o.raster(), null, o.region().pixels(), false));
            status.info(String.format("Rect %d×%d at (%d, %d) enhanced in %.1f s.", r.width(), r.height(), r.x(),
                    r.y(), (System.nanoTime() - t0) / 1e9));
        });
        task.setOnFailed(e -> status.error(task.getException()));
        status.info("Enhancing the selected region with " + pack.id() + "…");
        session.executor().execute(task);
    }

    private void updateBatch() {
        if (batch.isEmpty()) {
            batchProgress.set(0);
            batchText.set(items.isEmpty() ? "" : items.size() + (items.size() == 1 ? " photo" : " photos"));
            return;
        }
        double done = 0;
        int finished = 0;
        int waiting = 0;
        for (QueueItem i : batch) {
            if (i.state().isFinal()) {
                done += 1;
                finished++;
            } else if (i.state() == ItemState.RUNNING) {
                done += Math.max(0, i.progressProperty().get());
            } else {
                waiting++;
            }
        }
        batchProgress.set(done / batch.size());
        double eta = current == null ? -1 : current.etaProperty().get();
        if (eta >= 0 && waiting > 0) {
            eta = secondsPerJob > 0 ? eta + waiting * secondsPerJob : -1;
        }
        batchText.set(finished + " of " + batch.size() + " done" + (running.get() ? Format.eta(eta) : ""));
    }

    /** The engine's reports for one job, on the FX thread. */
    private final class LiveReports implements JobTask.Live {
        private final QueueItem item;
        private final ModelPack pack;

        LiveReports(QueueItem item, ModelPack pack) {
            this.item = item;
            this.pack = pack;
        }

        @Override
        public void started(SourceImage source, Raster preview) {
            if (item.sourceProperty().get() == null) {
                item.sourceProperty().set(source);
            }
            item.putResult(new ResultImage(pack.id(), preview, null, null, false));
        }

        @Override
        public void progress(Progress p) {
            if (item.state() != ItemState.RUNNING) {
                return;
            }
            item.progressProperty().set(p.fraction());
            item.etaProperty().set(p.etaSeconds());
            String tiles = p.tiles() > 1 ? " " + p.tile() + "/" + p.tiles() : "";
            if (currentTask == null || !currentTask.isCancelRequested()) {
                item.detailProperty().set(p.stage().label() + tiles + Format.eta(p.etaSeconds()));
            }
            updateBatch();
        }

        @Override
        public void tilesPainted() {
            item.touch();
        }
    }

    /** Milliseconds from the last cancel to the engine really stopping, or -1. */
    public long lastStopMillis() {
        return lastStopMillis;
    }

    public ObservableList<QueueItem> items() { return items; }
    public ObjectProperty<QueueItem> selectedProperty() { return selected; }
    public BooleanProperty runningProperty() { return running; }
    public DoubleProperty batchProgressProperty() { return batchProgress; }
    public StringProperty batchTextProperty() { return batchText; }
    public QueueItem current() { return current; }
}
