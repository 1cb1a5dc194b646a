package io.sharpstep.ui.model;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.core.Durations;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Sizes;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.image.ImageFiles;
import io.sharpstep.image.ImageHeader;
import io.sharpstep.jobs.InputFiles;
import io.sharpstep.jobs.JobRunner;
import io.sharpstep.ui.viewer.TileCache;
import io.sharpstep.ui.work.EngineSession;
import io.sharpstep.ui.work.ImageLoader;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
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
 * The queue of photos: adding (each file's header checked at once), removing, selecting (the selected photo is
 * the one {@link PhotoView} on screen), counts, and the commands that start and stop work; {@link JobControl}
 * runs the jobs. All methods are for the FX thread; none of them blocks.
 */
public final class QueueViewModel {
    private final ObservableList<QueueItem> items = FXCollections.observableArrayList(
            i -> new Observable[] {i.stateProperty(), i.progressProperty()});
    private final ObjectProperty<QueueItem> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<PhotoView> shown = new SimpleObjectProperty<>();
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty batchProgress = new SimpleDoubleProperty(0);
    private final StringProperty batchText = new SimpleStringProperty("");
    private final BooleanBinding canStart;
    private final BooleanBinding canRemove;
    private final BooleanBinding canClear;
    private final BooleanBinding canRunAgain;
    private final SettingsViewModel settings;
    private final StatusModel status;
    private final ImageLoader loader;
    private final TileCache cache;
    private final JobControl jobs;
    private String deviceKey = "cpu";

    public QueueViewModel(EngineSession session, SettingsViewModel settings, StatusModel status, ImageLoader loader,
                          TileCache cache, JobRunner runner) {
        this.settings = settings;
        this.status = status;
        this.loader = loader;
        this.cache = cache;
        this.jobs = new JobControl(this, session, settings, status, runner);
        canStart = Bindings.createBooleanBinding(() -> !running.get() && items.stream().anyMatch(
                i -> i.state() == ItemState.WAITING || i.state() == ItemState.CANCELLED), items, running);
        canRemove = selected.isNotNull();
        canClear = Bindings.createBooleanBinding(() -> items.stream().anyMatch(i -> i != jobs.current()), items,
                running);
        canRunAgain = Bindings.createBooleanBinding(() -> selected.get() != null && selected.get().state().isFinal(),
                selected, items);
        selected.addListener((o, old, now) -> show(now));
        items.addListener((javafx.collections.ListChangeListener<QueueItem>) c -> updateCounts());
    }

    /** Queues photos and the photos of folders (what a drop or Open… gives). */
    public List<QueueItem> addPaths(List<Path> paths) {
        return addPaths(paths, false);
    }

    /**
     * Queues photos; each file's header is checked in the background (no decode), and a file that cannot be
     * used is shown failed with the reason. {@code pasted}: temporary files of pasted images.
     */
    public List<QueueItem> addPaths(List<Path> paths, boolean pasted) {
        List<QueueItem> added = new ArrayList<>();
        try {
            for (Path p : InputFiles.expand(paths)) {
                QueueItem item = new QueueItem(p, pasted);
                items.add(item);
                added.add(item);
                jobs.joined(item);
                item.detailProperty().set("Checking…");
                loader.check(p, ImageFiles.DEFAULT_MAX_PIXELS, c -> checked(item, c), item.thumbnailProperty()::set);
            }
        } catch (SharpStepException e) {
            status.error(e.getMessage(), e, "", null);
        }
        if (!added.isEmpty()) {
            status.clearError();
            status.info("Queued " + added.size() + (added.size() == 1 ? " photo." : " photos."));
            if (selected.get() == null) {
                selected.set(added.get(0));
            }
        } else if (!paths.isEmpty()) {
            status.info("No photos found in what was added.");
        }
        updateCounts();
        return added;
    }

    private void checked(QueueItem item, ImageLoader.Checked c) {
        if (!items.contains(item)) {
            return;
        }
        if (c.problem() != null) {
            if (item.state() == ItemState.WAITING) {
                item.stateProperty().set(ItemState.FAILED);
                item.detailProperty().set(c.problem().getMessage());
                item.failureDetailProperty().set(StatusModel.details(c.problem().getMessage(), c.problem(),
                        "Photo: " + item.path()));
                status.error(c.problem().getMessage(), c.problem(), "Photo: " + item.path(), item);
            }
            return;
        }
        item.headerProperty().set(c.header());
        if (item.state() == ItemState.WAITING) {
            item.detailProperty().set(waitingText(item));
        }
    }

    /** "Waiting · 16000×12000 (192.0 MP) · about 3 min": the size it will have, and the time it may take. */
    String waitingText(QueueItem item) {
        ImageHeader h = item.headerProperty().get();
        ModelPack pack = settings.packProperty().get();
        if (h == null || pack == null) {
            return "Waiting";
        }
        int s = pack.manifest().scale();
        long w = h.width() * s;
        long hh = h.height() * s;
        double est = estimateSeconds(pack.id(), w * hh / 1e6);
        return "Waiting · " + Sizes.pixels(w, hh) + (est > 0 ? " · about " + Durations.format(est) : "");
    }

    /** Estimated seconds for a result of {@code megapixels} with a pack on the device in use, or -1. */
    double estimateSeconds(String packId, double megapixels) {
        double spm = settings.secondsPerMegapixel(packId, deviceKey);
        return spm > 0 ? spm * megapixels : -1;
    }

    /** The device in use changed (another pack or device was opened): estimates follow it. */
    public void setDevice(DeviceInfo device) {
        deviceKey = device.used() == DeviceKind.CUDA ? "cuda:" + device.index() : "cpu";
        refreshWaiting();
    }

    String deviceKey() {
        return deviceKey;
    }

    /** Refreshes the sizes and estimates of waiting photos (pack, device or speeds changed). */
    public void refreshWaiting() {
        for (QueueItem i : items) {
            if (i.state() == ItemState.WAITING && i != jobs.current() && i.headerProperty().get() != null) {
                i.detailProperty().set(waitingText(i));
            }
        }
        updateCounts();
    }

    /** Runs every waiting photo, one after the other; photos cancelled earlier are queued again first. */
    public void start() {
        if (running.get()) {
            return;
        }
        for (QueueItem i : items) {
            if (i.state() == ItemState.CANCELLED) {
                i.stateProperty().set(ItemState.WAITING);
                i.progressProperty().set(0);
                i.detailProperty().set(waitingText(i));
            }
        }
        if (items.stream().noneMatch(i -> i.state() == ItemState.WAITING)) {
            status.info(items.isEmpty() ? "Add photos first: drop them here, or press Ctrl+O."
                    : "Nothing is waiting. To enhance a finished photo again, select it and press Run again.");
            return;
        }
        status.clearError();
        jobs.start(items.stream().filter(i -> i.state() == ItemState.WAITING).toList());
    }

    /** Runs a finished photo again (e.g. with another pack) now, or after the running work. */
    public void runAgain(QueueItem item) {
        if (item == null || !item.state().isFinal()) {
            return;
        }
        item.stateProperty().set(ItemState.WAITING);
        item.progressProperty().set(0);
        item.detailProperty().set(waitingText(item));
        ModelPack pack = settings.packProperty().get();
        String with = pack == null ? "" : " with " + pack.manifest().name();
        if (running.get()) {
            jobs.joined(item);
            status.info(item.name() + " will run again" + with + " after the photos before it.");
        } else {
            status.info("Running " + item.name() + " again" + with + ".");
            start();
        }
    }

    /** Stops the running photo; the rest of the batch goes on. */
    public void cancelCurrent() {
        jobs.cancelCurrent();
    }

    /** Stops the running photo and every waiting one. */
    public void cancelAll() {
        for (QueueItem i : items) {
            if (i.state() == ItemState.WAITING && i != jobs.current()) {
                i.stateProperty().set(ItemState.CANCELLED);
                i.detailProperty().set("Cancelled before it started.");
            }
        }
        jobs.cancelAll();
        updateCounts();
    }

    /** Removes a photo from the queue (a running one is cancelled first). */
    public void remove(QueueItem item) {
        if (item == null) {
            return;
        }
        int at = items.indexOf(item);
        if (item == jobs.current()) {
            jobs.removeWhenDone(item);
        } else {
            items.remove(item);
            status.forget(item);
        }
        if (selected.get() == item) {
            selected.set(items.isEmpty() ? null : items.get(Math.min(Math.max(0, at), items.size() - 1)));
        }
        updateCounts();
    }

    /** Removes every photo that is not running. */
    public void clear() {
        QueueItem current = jobs.current();
        for (QueueItem i : List.copyOf(items)) {
            if (i != current) {
                items.remove(i);
                status.forget(i);
            }
        }
        selected.set(current);
        updateCounts();
    }

    /** Removes an item the job control let go of. */
    void removeNow(QueueItem item) {
        items.remove(item);
        status.forget(item);
        if (selected.get() == item) {
            selected.set(items.isEmpty() ? null : items.get(0));
        }
    }

    /** The selected photo goes on screen; the one before lets go of its pixels. */
    private void show(QueueItem item) {
        PhotoView old = shown.get();
        if (old != null && old.item() == item) {
            return;
        }
        status.clearError();
        PhotoView view = item == null ? null : new PhotoView(item, cache, loader, settings::packName);
        shown.set(view);
        if (old != null) {
            old.close();
        }
        if (view != null && !jobs.attach(view)) {
            view.load();
        }
    }

    /** Whether closing now would stop or drop work (a photo running or waiting). */
    public boolean hasUnfinishedWork() {
        return running.get() || items.stream().anyMatch(i -> i.state() == ItemState.WAITING);
    }

    /** Counts by state and the batch's progress and time left. */
    void updateCounts() {
        batchText.set(QueueCounts.text(items, running.get(), jobs.secondsLeft()));
        batchProgress.set(jobs.batchProgress());
    }

    /** Milliseconds from the last cancel to the engine really stopping, or -1. */
    public long lastStopMillis() {
        return jobs.lastStopMillis();
    }

    public ObservableList<QueueItem> items() { return items; }
    public ObjectProperty<QueueItem> selectedProperty() { return selected; }
    public ObjectProperty<PhotoView> shownProperty() { return shown; }
    public BooleanProperty runningProperty() { return running; }
    public DoubleProperty batchProgressProperty() { return batchProgress; }
    public StringProperty batchTextProperty() { return batchText; }
    public BooleanBinding canStartProperty() { return canStart; }
    public BooleanBinding canRemoveProperty() { return canRemove; }
    public BooleanBinding canClearProperty() { return canClear; }
    public BooleanBinding canRunAgainProperty() { return canRunAgain; }
    public QueueItem current() { return jobs.current(); }
    SettingsViewModel settings() { return settings; }
    StatusModel status() { return status; }
}
