package io.sharpstep.ui.model;

import io.sharpstep.ui.viewer.ViewRenderer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State of the before/after viewer, shared by both sides so zoom and pan always stay in sync. Coordinates are
 * output pixels of the enlarged image; zoom 1 = one output pixel per screen pixel. The viewport size is that
 * of one side (the whole view in split mode, one half side by side).
 */
public final class ViewerViewModel {
    /** How the two images are shown. */
    public enum Mode { SPLIT, SIDE_BY_SIDE }

    /** What the "before" side shows. */
    public enum Before {
        ORIGINAL("Original (pixels repeated)"), BICUBIC("Bicubic"), MODEL("Other model");

        private final String label;

        Before(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static final double MIN_ZOOM = 0.02;
    public static final double MAX_ZOOM = 32;
    private static final double[] STEPS = {0.05, 0.1, 0.125, 0.25, 1 / 3.0, 0.5, 2 / 3.0, 1, 1.5, 2, 3, 4, 6, 8, 12, 16};

    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.SPLIT);
    private final ObjectProperty<Before> before = new SimpleObjectProperty<>(Before.ORIGINAL);
    /** Pack id whose result is the "before" side when {@link Before#MODEL}. */
    private final StringProperty beforeModel = new SimpleStringProperty("");
    private final DoubleProperty zoom = new SimpleDoubleProperty(1);
    private final DoubleProperty centerX = new SimpleDoubleProperty(0);
    private final DoubleProperty centerY = new SimpleDoubleProperty(0);
    private final BooleanProperty fit = new SimpleBooleanProperty(true);
    /** Divider position as a share of the viewport width. */
    private final DoubleProperty divider = new SimpleDoubleProperty(0.5);
    /** Space held/toggled: show the before image everywhere. */
    private final BooleanProperty showBefore = new SimpleBooleanProperty(false);
    /** Shift-drag or the Region toggle: dragging selects a region to preview. */
    private final BooleanProperty regionMode = new SimpleBooleanProperty(false);
    private final IntegerProperty imageWidth = new SimpleIntegerProperty(0);
    private final IntegerProperty imageHeight = new SimpleIntegerProperty(0);
    private final DoubleProperty viewportWidth = new SimpleDoubleProperty(1);
    private final DoubleProperty viewportHeight = new SimpleDoubleProperty(1);

    public ViewerViewModel() {
        viewportWidth.addListener((o, a, b) -> refit());
        viewportHeight.addListener((o, a, b) -> refit());
    }

    /** A new image (output size); keeps zoom and pan when the size is unchanged (same photo, new result). */
    public void setImageSize(int w, int h) {
        if (w == imageWidth.get() && h == imageHeight.get()) {
            return;
        }
        imageWidth.set(w);
        imageHeight.set(h);
        fit.set(true);
        refit();
    }

    public void setViewport(double w, double h) {
        viewportWidth.set(Math.max(1, w));
        viewportHeight.set(Math.max(1, h));
    }

    private void refit() {
        if (fit.get()) {
            zoomToFit();
        }
    }

    /** The zoom at which the whole image fits one side. */
    public double fitZoom() {
        if (imageWidth.get() <= 0 || imageHeight.get() <= 0) {
            return 1;
        }
        return clamp(Math.min(viewportWidth.get() / imageWidth.get(), viewportHeight.get() / imageHeight.get()));
    }

    public void zoomToFit() {
        fit.set(true);
        zoom.set(fitZoom());
        centerX.set(imageWidth.get() / 2.0);
        centerY.set(imageHeight.get() / 2.0);
    }

    /** Sets the zoom keeping the centre of the view where it is (1 = 100 %). */
    public void zoomTo(double z) {
        zoomAt(clamp(z), viewportWidth.get() / 2, viewportHeight.get() / 2);
    }

    /** Multiplies the zoom by {@code factor} keeping the image point under viewport point (vx, vy) in place. */
    public void zoomAbout(double factor, double vx, double vy) {
        zoomAt(clamp(zoom.get() * factor), vx, vy);
    }

    /** Sets the zoom to exactly {@code z} (100 % is 1, not 0.9999…) keeping the point under (vx, vy) in place. */
    private void zoomAt(double z, double vx, double vy) {
        double old = zoom.get();
        double vw = viewportWidth.get();
        double vh = viewportHeight.get();
        double ix = ViewRenderer.imageX(vx, vw, old, centerX.get());
        double iy = ViewRenderer.imageY(vy, vh, old, centerY.get());
        fit.set(false);
        zoom.set(z);
        centerX.set(ix - (vx - vw / 2) / z);
        centerY.set(iy - (vy - vh / 2) / z);
    }

    /** The next preset zoom step in (+1) or out (-1). */
    public void step(int direction) {
        double z = zoom.get();
        double next = direction > 0 ? MAX_ZOOM : MIN_ZOOM;
        for (double s : STEPS) {
            if (direction > 0 && s > z * 1.001 && s < next) {
                next = s;
            } else if (direction < 0 && s < z / 1.001 && s > next) {
                next = s;
            }
        }
        zoomTo(next);
    }

    /** Moves the image by a drag of (dx, dy) screen pixels. */
    public void pan(double dx, double dy) {
        fit.set(false);
        centerX.set(centerX.get() - dx / zoom.get());
        centerY.set(centerY.get() - dy / zoom.get());
    }

    /** The output rectangle in view: x, y, width, height (may reach past the image). */
    public double[] visible() {
        double z = zoom.get();
        double w = viewportWidth.get() / z;
        double h = viewportHeight.get() / z;
        return new double[] {centerX.get() - w / 2, centerY.get() - h / 2, w, h};
    }

    /** Whether the image is larger than the view (so there is somewhere to pan to). */
    public boolean zoomedIn() {
        double[] v = visible();
        return v[2] < imageWidth.get() - 0.5 || v[3] < imageHeight.get() - 0.5;
    }

    /** Centres the view on output point (x, y), kept inside the image. */
    public void centerOn(double x, double y) {
        fit.set(false);
        centerX.set(Math.max(0, Math.min(imageWidth.get(), x)));
        centerY.set(Math.max(0, Math.min(imageHeight.get(), y)));
    }

    public void setDivider(double fraction) {
        divider.set(Math.max(0, Math.min(1, fraction)));
    }

    private static double clamp(double z) {
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
    }

    /** E.g. "Fit (25 %)" or "200 %". */
    public String zoomLabel() {
        String pct = Math.round(zoom.get() * 1000) / 10.0 + " %";
        pct = pct.replace(".0 %", " %");
        return fit.get() ? "Fit (" + pct + ")" : pct;
    }

    public ObjectProperty<Mode> modeProperty() { return mode; }
    public ObjectProperty<Before> beforeProperty() { return before; }
    public StringProperty beforeModelProperty() { return beforeModel; }
    public DoubleProperty zoomProperty() { return zoom; }
    public DoubleProperty centerXProperty() { return centerX; }
    public DoubleProperty centerYProperty() { return centerY; }
    public BooleanProperty fitProperty() { return fit; }
    public DoubleProperty dividerProperty() { return divider; }
    public BooleanProperty showBeforeProperty() { return showBefore; }
    public BooleanProperty regionModeProperty() { return regionMode; }
    public IntegerProperty imageWidthProperty() { return imageWidth; }
    public IntegerProperty imageHeightProperty() { return imageHeight; }
    public DoubleProperty viewportWidthProperty() { return viewportWidth; }
    public DoubleProperty viewportHeightProperty() { return viewportHeight; }
}
