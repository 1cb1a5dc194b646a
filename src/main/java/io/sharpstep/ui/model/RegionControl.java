package io.sharpstep.ui.model;

import io.sharpstep.core.CancelledException;
import io.sharpstep.core.Durations;
import io.sharpstep.core.Rect;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.jobs.RegionPreview;
import io.sharpstep.ui.work.EngineSession;
import io.sharpstep.ui.work.RegionTask;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Region previews: one rectangle of the photo on screen enhanced with the selected pack before the whole photo
 * runs. The rectangle stays on screen with its progress and a cancel while it runs, and with what it shows once
 * done, until it is dismissed, another is drawn or the photo leaves the view. FX thread.
 */
public final class RegionControl {
    /** Largest side of a region, in photo pixels (its ×4 result is then 2048 pixels a side, 12 MB). */
    public static final int MAX_SIDE = 512;

    private final ObjectProperty<Rect> rect = new SimpleObjectProperty<>();
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty text = new SimpleStringProperty("");
    private final QueueViewModel queue;
    private final EngineSession session;
    private final SettingsViewModel settings;
    private final StatusModel status;
    private RegionTask task;

    public RegionControl(QueueViewModel queue, EngineSession session, SettingsViewModel settings, StatusModel status) {
        this.queue = queue;
        this.session = session;
        this.settings = settings;
        this.status = status;
        queue.shownProperty().addListener((o, a, b) -> {
            cancel();
            rect.set(null);
            text.set("");
        });
    }

    /** Enlarges {@code region} (input pixels) of the photo on screen with the selected pack. */
    public void preview(Rect region) {
        PhotoView view = queue.shownProperty().get();
        if (view == null || view.source() == null) {
            status.info("The photo is still loading; try the region again in a moment.");
            return;
        }
        ModelPack pack = settings.packProperty().get();
        if (pack == null) {
            return;
        }
        Rect r = RegionPreview.clip(region, view.source().width(), view.source().height());
        if (r == null) {
            status.info("The rectangle lies outside the photo.");
            return;
        }
        if (r.width() > MAX_SIDE || r.height() > MAX_SIDE) {
            int w = Math.min(MAX_SIDE, r.width());
            int h = Math.min(MAX_SIDE, r.height());
            r = new Rect(r.x() + (r.width() - w) / 2, r.y() + (r.height() - h) / 2, w, h);
            status.info("Region previews are at most " + MAX_SIDE + "×" + MAX_SIDE + " photo pixels: the middle of"
                    + " the rectangle is enhanced.");
        }
        cancel();
        view.clearRegion();
        Rect chosen = r;
        RegionTask t = new RegionTask(view.source().rgb(), r, session, pack, settings.upscaleOptions());
        task = t;
        rect.set(r);
        running.set(true);
        progress.set(-1);
        text.set(queue.runningProperty().get() ? "Waits for the photo that is running…"
                : "Enhancing with " + pack.manifest().name() + "…");
        long t0 = System.nanoTime();
        t.progressProperty().addListener((o, a, b) -> {
            if (task == t) {
                progress.set(b.doubleValue());
            }
        });
        t.setOnSucceeded(e -> {
            RegionTask.Result res = t.getValue();
            PhotoView now = queue.shownProperty().get();
            if (task != t || now != view) {
                res.pixels().close();
                return;
            }
            task = null;
            running.set(false);
            view.setRegion(pack.id(), res);
            String took = Durations.format((System.nanoTime() - t0) / 1e9);
            text.set(pack.manifest().name() + " · " + took);
            status.info(String.format("Region %d×%d at (%d, %d) enhanced with %s in %s.", chosen.width(),
                    chosen.height(), chosen.x(), chosen.y(), pack.manifest().name(), took));
        });
        t.setOnFailed(e -> {
            if (task != t) {
                return;
            }
            task = null;
            running.set(false);
            if (t.getException() instanceof CancelledException || t.isCancelRequested()) {
                text.set("Cancelled");
                rect.set(null);
                status.info("Region preview cancelled.");
            } else {
                text.set("Failed");
                status.error(t.getException());
            }
        });
        status.info("Enhancing the selected region with " + pack.manifest().name() + "…");
        session.executor().execute(t);
    }

    /** Stops a running preview. */
    public void cancel() {
        if (task != null) {
            task.cancelRegion();
        }
    }

    /** Removes the rectangle and its preview (a running one is stopped). */
    public void dismiss() {
        cancel();
        task = null;
        running.set(false);
        rect.set(null);
        text.set("");
        PhotoView view = queue.shownProperty().get();
        if (view != null) {
            view.clearRegion();
        }
    }

    /** The rectangle in photo pixels, or null. */
    public ObjectProperty<Rect> rectProperty() { return rect; }
    public BooleanProperty runningProperty() { return running; }
    /** 0..1, or -1 while unknown. */
    public DoubleProperty progressProperty() { return progress; }
    public StringProperty textProperty() { return text; }
}
