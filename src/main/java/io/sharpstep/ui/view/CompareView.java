package io.sharpstep.ui.view;

import io.sharpstep.core.Rect;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.model.ViewerViewModel.Mode;
import io.sharpstep.ui.viewer.Layer;
import io.sharpstep.ui.viewer.ViewPainter;
import io.sharpstep.ui.viewer.ViewRenderer;
import io.sharpstep.ui.work.ImageLoader;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.MapChangeListener;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * The before/after viewer: a split view with a draggable divider over the same region of both images, or the
 * two side by side. Zoom (wheel about the cursor) and pan (drag) act on the shared {@link ViewerViewModel},
 * so both sides always show the same region. Shift-drag (or drag in region mode) selects a rectangle to
 * enhance. Pixels are drawn by {@link ViewRenderer} into viewport-sized images on the painter thread, so photos
 * of any size work and the FX thread only copies finished frames.
 */
public final class CompareView extends Pane {
    static final double GAP = 6;
    private static final double GRAB = 8;

    private enum Drag { NONE, PAN, DIVIDER, SELECT }

    private final ViewerViewModel vm;
    private final ImageLoader loader;
    private final ObjectProperty<QueueItem> item = new SimpleObjectProperty<>();
    private final ImageView left = new ImageView();
    private final ImageView right = new ImageView();
    private final Line divider = new Line();
    private final Region knob = new Region();
    private final Rectangle selection = new Rectangle();
    private final Label beforeLabel = new Label();
    private final Label afterLabel = new Label();
    private final Label hint = new Label("Drop photos or folders here, or press Ctrl+O");
    private final InvalidationListener repaint = o -> requestRender();
    private final MapChangeListener<String, Object> resultsChanged = c -> requestRender();
    private BiConsumer<QueueItem, Rect> onRegion = (i, r) -> { };
    private Layers layers;
    private final ViewPainter painter = new ViewPainter(this::show);
    private boolean renderQueued;
    private Drag drag = Drag.NONE;
    private double lastX;
    private double lastY;
    private double pressX;
    private double pressY;
    private int renders;

    public CompareView(ViewerViewModel vm, ImageLoader loader) {
        this.vm = vm;
        this.loader = loader;
        getStyleClass().add("compare-view");
        setMinSize(200, 150);
        divider.getStyleClass().add("divider-line");
        knob.getStyleClass().add("divider-knob");
        knob.setMouseTransparent(true);
        divider.setMouseTransparent(true);
        selection.getStyleClass().add("region-selection");
        selection.setVisible(false);
        selection.setMouseTransparent(true);
        for (Label l : List.of(beforeLabel, afterLabel, hint)) {
            l.setMouseTransparent(true);
        }
        beforeLabel.getStyleClass().addAll("side-label");
        afterLabel.getStyleClass().addAll("side-label");
        hint.getStyleClass().add("viewer-hint");
        getChildren().addAll(left, right, divider, knob, selection, beforeLabel, afterLabel, hint);
        for (Observable o : List.of(vm.modeProperty(), vm.beforeProperty(), vm.beforeModelProperty(), vm.zoomProperty(),
                vm.centerXProperty(), vm.centerYProperty(), vm.dividerProperty(), vm.showBeforeProperty())) {
            o.addListener(repaint);
        }
        vm.modeProperty().addListener(o -> requestLayout());
        item.addListener((o, old, now) -> switchItem(old, now));
        setOnMousePressed(this::pressed);
        setOnMouseDragged(this::dragged);
        setOnMouseReleased(this::released);
        setOnMouseMoved(this::moved);
        setOnScroll(this::scrolled);
        setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                if (vm.fitProperty().get()) {
                    vm.zoomAbout(1 / vm.zoomProperty().get(), sideX(e.getX()), e.getY());
                } else {
                    vm.zoomToFit();
                }
            }
        });
    }

    private void switchItem(QueueItem old, QueueItem now) {
        if (old != null) {
            for (Observable o : List.of(old.sourceProperty(), old.bicubicProperty(), old.revisionProperty(),
                    old.shownPackProperty())) {
                o.removeListener(repaint);
            }
            old.results().removeListener(resultsChanged);
        }
        if (now != null) {
            for (Observable o : List.of(now.sourceProperty(), now.bicubicProperty(), now.revisionProperty(),
                    now.shownPackProperty())) {
                o.addListener(repaint);
            }
            now.results().addListener(resultsChanged);
            loader.source(now);
        }
        requestRender();
    }

    /** Coalesces repaints: at most one is queued, however many changes arrive (e.g. a flood of tiles). */
    public void requestRender() {
        if (!renderQueued) {
            renderQueued = true;
            Platform.runLater(this::render);
        }
    }

    private boolean split() {
        return vm.modeProperty().get() == Mode.SPLIT || vm.showBeforeProperty().get();
    }

    private double sideWidth() {
        return split() ? getWidth() : Math.max(1, (getWidth() - GAP) / 2);
    }

    /** The x of a point within its side (side by side: the right half starts again at 0). */
    double sideX(double x) {
        if (split()) {
            return x;
        }
        double w = sideWidth();
        return x < w + GAP / 2 ? x : x - w - GAP;
    }

    @Override
    protected void layoutChildren() {
        vm.setViewport(sideWidth(), getHeight());
        hint.autosize();
        hint.relocate((getWidth() - hint.getWidth()) / 2, (getHeight() - hint.getHeight()) / 2);
        requestRender();
    }

    private void render() {
        renderQueued = false;
        renders++;
        layers = Layers.of(item.get(), vm, loader);
        hint.setVisible(layers == null);
        if (layers != null) {
            vm.setImageSize(layers.after.width(), layers.after.height());
        }
        int h = (int) Math.max(1, getHeight());
        int w = (int) Math.max(1, sideWidth());
        boolean split = split();
        double z = vm.zoomProperty().get();
        double cx = vm.centerXProperty().get();
        double cy = vm.centerYProperty().get();
        Layer before = layers == null ? null : layers.before;
        Layer after = layers == null ? null : layers.after;
        List<ViewPainter.Pass> passes;
        if (split) {
            int splitX = vm.showBeforeProperty().get() ? w : (int) Math.round(vm.dividerProperty().get() * w);
            passes = List.of(new ViewPainter.Pass(before, after, splitX, z, cx, cy, w, h));
        } else {
            passes = List.of(new ViewPainter.Pass(before, null, w, z, cx, cy, w, h),
                    new ViewPainter.Pass(after, null, w, z, cx, cy, w, h));
        }
        painter.request(new ViewPainter.Frame(passes, split));
        placeOverlay(split, w, h);
    }

    /** A drawn frame arrives (FX thread): show it. */
    private void show(ViewPainter.Frame f, int[][] pixels) {
        ViewPainter.Pass p = f.passes().get(0);
        left.setImage(copy(left, pixels[0], p.width(), p.height()));
        left.relocate(0, 0);
        boolean two = pixels.length > 1;
        right.setVisible(two);
        if (two) {
            right.setImage(copy(right, pixels[1], p.width(), p.height()));
            right.relocate(p.width() + GAP, 0);
        }
    }

    private static WritableImage copy(ImageView view, int[] argb, int w, int h) {
        WritableImage img = view.getImage() instanceof WritableImage wi && (int) wi.getWidth() == w
                && (int) wi.getHeight() == h ? wi : new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return img;
    }

    private void placeOverlay(boolean split, int w, int h) {
        boolean showDivider = split && layers != null && !vm.showBeforeProperty().get();
        double dx = Math.round(vm.dividerProperty().get() * w) + 0.5;
        divider.setVisible(showDivider);
        knob.setVisible(showDivider);
        divider.setStartX(dx);
        divider.setEndX(dx);
        divider.setStartY(0);
        divider.setEndY(h);
        knob.resize(22, 44);
        knob.relocate(dx - 11, h / 2.0 - 22);
        beforeLabel.setVisible(layers != null);
        afterLabel.setVisible(layers != null && !vm.showBeforeProperty().get());
        if (layers != null) {
            beforeLabel.setText("Before · " + layers.beforeLabel);
            afterLabel.setText("After · " + layers.afterLabel);
            beforeLabel.autosize();
            afterLabel.autosize();
            beforeLabel.relocate(10, 10);
            double rightEdge = split ? w : 2 * w + GAP;
            afterLabel.relocate(rightEdge - afterLabel.getWidth() - 10, 10);
        }
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        lastX = pressX = e.getX();
        lastY = pressY = e.getY();
        if (layers == null || e.getButton() != MouseButton.PRIMARY) {
            drag = Drag.NONE;
        } else if (e.isShiftDown() || vm.regionModeProperty().get()) {
            drag = Drag.SELECT;
            selection.setVisible(true);
            updateSelection(e.getX(), e.getY());
        } else if (nearDivider(e.getX())) {
            drag = Drag.DIVIDER;
        } else {
            drag = Drag.PAN;
            setCursor(Cursor.CLOSED_HAND);
        }
    }

    private boolean nearDivider(double x) {
        return split() && !vm.showBeforeProperty().get() && Math.abs(x - vm.dividerProperty().get() * getWidth()) <= GRAB;
    }

    private void dragged(MouseEvent e) {
        switch (drag) {
            case PAN -> vm.pan(e.getX() - lastX, e.getY() - lastY);
            case DIVIDER -> vm.setDivider(e.getX() / Math.max(1, getWidth()));
            case SELECT -> updateSelection(e.getX(), e.getY());
            default -> { }
        }
        lastX = e.getX();
        lastY = e.getY();
    }

    private void released(MouseEvent e) {
        if (drag == Drag.SELECT) {
            selection.setVisible(false);
            Rect r = inputRegion(pressX, pressY, e.getX(), e.getY());
            if (r != null && item.get() != null) {
                onRegion.accept(item.get(), r);
            }
        }
        drag = Drag.NONE;
        moved(e);
    }

    private void moved(MouseEvent e) {
        setCursor(vm.regionModeProperty().get() || e.isShiftDown() ? Cursor.CROSSHAIR
                : nearDivider(e.getX()) ? Cursor.H_RESIZE : Cursor.DEFAULT);
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0 || layers == null) {
            return;
        }
        // deltaY = notches × multiplierY (40 per wheel notch on most systems; trackpads send fractions).
        double notches = e.getMultiplierY() > 0 ? e.getDeltaY() / e.getMultiplierY() : Math.signum(e.getDeltaY());
        vm.zoomAbout(Math.pow(2, Math.max(-3, Math.min(3, notches)) / 4), sideX(e.getX()), e.getY());
        e.consume();
    }

    private void updateSelection(double x, double y) {
        selection.setX(Math.min(pressX, x));
        selection.setY(Math.min(pressY, y));
        selection.setWidth(Math.abs(x - pressX));
        selection.setHeight(Math.abs(y - pressY));
    }

    /** A dragged rectangle (view coordinates) as input pixels, or null if too small. */
    Rect inputRegion(double x0, double y0, double x1, double y1) {
        if (layers == null || Math.abs(x1 - x0) < 4 || Math.abs(y1 - y0) < 4) {
            return null;
        }
        double w = sideWidth();
        double z = vm.zoomProperty().get();
        double cx = vm.centerXProperty().get();
        double cy = vm.centerYProperty().get();
        double ax = ViewRenderer.imageX(sideX(Math.min(x0, x1)), w, z, cx) / layers.scale;
        double bx = ViewRenderer.imageX(sideX(Math.max(x0, x1)), w, z, cx) / layers.scale;
        double ay = ViewRenderer.imageY(Math.min(y0, y1), getHeight(), z, cy) / layers.scale;
        double by = ViewRenderer.imageY(Math.max(y0, y1), getHeight(), z, cy) / layers.scale;
        int ix = (int) Math.floor(ax);
        int iy = (int) Math.floor(ay);
        return new Rect(ix, iy, Math.max(1, (int) Math.ceil(bx) - ix), Math.max(1, (int) Math.ceil(by) - iy));
    }

    public void setOnRegion(BiConsumer<QueueItem, Rect> handler) {
        this.onRegion = handler;
    }

    public ObjectProperty<QueueItem> itemProperty() {
        return item;
    }

    /** What is drawn now (for tests and snapshots): the left/only image, and the right one side by side. */
    public WritableImage leftImage() {
        return (WritableImage) left.getImage();
    }

    public WritableImage rightImage() {
        return right.isVisible() ? (WritableImage) right.getImage() : null;
    }

    public String beforeText() {
        return beforeLabel.getText();
    }

    public String afterText() {
        return afterLabel.getText();
    }

    public int renderCount() {
        return renders;
    }

    /** Whether a repaint is queued or being drawn (tests wait for this to settle). */
    public boolean isPainting() {
        return renderQueued || painter.isBusy();
    }

    /** Stops the painter thread. */
    public void dispose() {
        painter.close();
    }
}
