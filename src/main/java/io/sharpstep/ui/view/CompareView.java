package io.sharpstep.ui.view;

import io.sharpstep.core.Rect;
import io.sharpstep.ui.model.PhotoView;
import io.sharpstep.ui.model.RegionControl;
import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.model.ViewerViewModel.Mode;
import io.sharpstep.ui.viewer.ViewPainter;
import io.sharpstep.ui.viewer.ViewRenderer;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
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
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The before/after viewer: a split view with a draggable divider over the same region of both images, or the
 * two side by side. Zoom (wheel about the cursor) and pan (drag) act on the shared {@link ViewerViewModel}, so
 * both sides always show the same region; a navigator shows where the view is while zoomed in. Shift-drag (or
 * drag in region mode) selects a rectangle to enhance; its result shows inside the rectangle on whichever side
 * it lies. Frames are drawn from the photo's tiles by {@link ViewRenderer} on the painter thread, so the FX thread
 * only copies finished frames.
 */
public final class CompareView extends Pane {
    static final double GAP = 6;
    private static final double GRAB = 8;
    private static final String EMPTY_HINT = "Drop photos or folders here, or press Ctrl+O";

    private enum Drag { NONE, PAN, DIVIDER, SELECT }

    private final ViewerViewModel vm;
    private final RegionControl region;
    private final IntSupplier defaultScale;
    private final ObjectProperty<PhotoView> photo = new SimpleObjectProperty<>();
    private final DoubleProperty topInset = new SimpleDoubleProperty(0);
    private final ImageView left = new ImageView();
    private final ImageView right = new ImageView();
    private final Line divider = new Line();
    private final Region knob = new Region();
    private final Rectangle selection = new Rectangle();
    private final RegionOverlay regionOverlay;
    private final Navigator navigator;
    private final Label beforeLabel = new Label();
    private final Label afterLabel = new Label();
    private final Label hint = new Label(EMPTY_HINT);
    private final Label modeBanner = new Label("Region: drag a rectangle to enhance just that part · R or Esc to leave");
    private final Label dropHint = new Label("Drop to add these photos to the queue");
    private final InvalidationListener repaint = o -> requestRender();
    private final MapChangeListener<String, Object> outputsChanged = c -> requestRender();
    private Consumer<Rect> onRegion = r -> { };
    private PhotoView.Layers layers;
    private final ViewPainter painter = new ViewPainter(this::show);
    private boolean renderQueued;
    private Drag drag = Drag.NONE;
    private double lastX;
    private double lastY;
    private double pressX;
    private double pressY;

    public CompareView(ViewerViewModel vm, RegionControl region, IntSupplier defaultScale) {
        this.vm = vm;
        this.region = region;
        this.defaultScale = defaultScale;
        this.regionOverlay = new RegionOverlay(region);
        this.navigator = new Navigator(vm);
        getStyleClass().add("compare-view");
        setMinSize(200, 150);
        divider.getStyleClass().add("divider-line");
        knob.getStyleClass().add("divider-knob");
        knob.setMouseTransparent(true);
        divider.setMouseTransparent(true);
        selection.getStyleClass().add("region-selection");
        selection.setVisible(false);
        selection.setMouseTransparent(true);
        for (Label l : List.of(beforeLabel, afterLabel, hint, modeBanner, dropHint)) {
            l.setMouseTransparent(true);
        }
        beforeLabel.getStyleClass().add("side-label");
        afterLabel.getStyleClass().add("side-label");
        beforeLabel.setId("beforeLabel");
        afterLabel.setId("afterLabel");
        hint.getStyleClass().add("viewer-hint");
        hint.setWrapText(true);
        modeBanner.getStyleClass().add("mode-banner");
        modeBanner.setId("regionModeBanner");
        dropHint.getStyleClass().add("drop-hint");
        dropHint.setVisible(false);
        getChildren().addAll(left, right, divider, knob, selection, regionOverlay.outline, beforeLabel, afterLabel,
                regionOverlay.bar, navigator, hint, modeBanner, dropHint);
        // Placed by hand on every frame: their changes must not ask for another layout pass (and frame).
        getChildren().forEach(n -> n.setManaged(false));
        for (Observable o : List.of(vm.modeProperty(), vm.beforeProperty(), vm.beforeModelProperty(),
                vm.zoomProperty(), vm.centerXProperty(), vm.centerYProperty(), vm.dividerProperty(),
                vm.showBeforeProperty(), vm.regionModeProperty(), region.rectProperty(), region.textProperty(),
                region.runningProperty(), topInset)) {
            o.addListener(repaint);
        }
        vm.modeProperty().addListener(o -> requestLayout());
        photo.addListener((o, old, now) -> switchPhoto(old, now));
        setOnMousePressed(this::pressed);
        setOnMouseDragged(this::dragged);
        setOnMouseReleased(this::released);
        setOnMouseMoved(this::moved);
        setOnScroll(this::scrolled);
        setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && layers != null) {
                if (vm.fitProperty().get()) {
                    vm.zoomAbout(1 / vm.zoomProperty().get(), sideX(e.getX()), e.getY());
                } else {
                    vm.zoomToFit();
                }
            }
        });
    }

    private void switchPhoto(PhotoView old, PhotoView now) {
        if (old != null) {
            old.revisionProperty().removeListener(repaint);
            old.item().shownPackProperty().removeListener(repaint);
            old.item().outputs().removeListener(outputsChanged);
        }
        if (now != null) {
            now.revisionProperty().addListener(repaint);
            now.item().shownPackProperty().addListener(repaint);
            now.item().outputs().addListener(outputsChanged);
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

    private double laidOutWidth = -1;
    private double laidOutHeight = -1;

    @Override
    protected void layoutChildren() {
        vm.setViewport(sideWidth(), getHeight());
        if (getWidth() != laidOutWidth || getHeight() != laidOutHeight) {
            laidOutWidth = getWidth();
            laidOutHeight = getHeight();
            requestRender();
        }
    }

    private void render() {
        renderQueued = false;
        PhotoView p = photo.get();
        layers = p == null ? null : p.layers(vm, defaultScale.getAsInt());
        if (layers != null) {
            vm.setImageSize(layers.width(), layers.height());
        }
        int h = (int) Math.max(1, getHeight());
        int w = (int) Math.max(1, sideWidth());
        boolean split = split();
        double z = vm.zoomProperty().get();
        double cx = vm.centerXProperty().get();
        double cy = vm.centerYProperty().get();
        var before = layers == null ? null : layers.before();
        var after = layers == null ? null : layers.after();
        var rl = layers == null ? null : layers.region();
        Rect ro = layers == null ? null : layers.regionOut();
        List<ViewPainter.Pass> passes;
        if (split) {
            int splitX = vm.showBeforeProperty().get() ? w : (int) Math.round(vm.dividerProperty().get() * w);
            passes = List.of(new ViewPainter.Pass(before, after, splitX, rl, ro, z, cx, cy, w, h));
        } else {
            passes = List.of(new ViewPainter.Pass(before, null, w, null, null, z, cx, cy, w, h),
                    new ViewPainter.Pass(after, null, w, rl, ro, z, cx, cy, w, h));
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
        boolean any = layers != null;
        boolean showDivider = split && any && !vm.showBeforeProperty().get();
        double dx = Math.round(vm.dividerProperty().get() * w) + 0.5;
        divider.setVisible(showDivider);
        knob.setVisible(showDivider);
        divider.setStartX(dx);
        divider.setEndX(dx);
        divider.setStartY(0);
        divider.setEndY(h);
        knob.resize(22, 44);
        knob.relocate(dx - 11, h / 2.0 - 22);
        double top = 10 + topInset.get();
        beforeLabel.setVisible(any);
        afterLabel.setVisible(any && !vm.showBeforeProperty().get());
        if (any) {
            beforeLabel.setText("Before · " + layers.beforeLabel());
            afterLabel.setText("After · " + layers.afterLabel());
            double total = split ? w : 2.0 * w + GAP;
            // Each label keeps to its half, so they never overlap: a long name is cut with "…".
            double room = Math.max(60, (split ? total / 2 : w) - 20);
            for (Label l : List.of(beforeLabel, afterLabel)) {
                l.setMaxWidth(room);
                l.resize(Math.min(room, l.prefWidth(-1)), l.prefHeight(-1));
            }
            beforeLabel.relocate(10, top);
            afterLabel.relocate(total - afterLabel.getWidth() - 10, top);
        }
        PhotoView p = photo.get();
        hint.setVisible(!any);
        hint.setText(p == null ? EMPTY_HINT : p.problem() != null ? p.problem() : "Loading " + p.item().name() + "…");
        hint.setMaxWidth(Math.max(100, getWidth() - 40));
        hint.resize(Math.min(hint.getMaxWidth(), hint.prefWidth(-1)), hint.prefHeight(hint.getMaxWidth()));
        hint.relocate((getWidth() - hint.getWidth()) / 2, (getHeight() - hint.getHeight()) / 2);
        modeBanner.setVisible(vm.regionModeProperty().get() && any);
        modeBanner.setMaxWidth(Math.max(100, getWidth() - 40));
        modeBanner.resize(Math.min(modeBanner.getMaxWidth(), modeBanner.prefWidth(-1)), modeBanner.prefHeight(-1));
        modeBanner.relocate((getWidth() - modeBanner.getWidth()) / 2, top + 32);
        dropHint.autosize();
        dropHint.relocate((getWidth() - dropHint.getWidth()) / 2, (getHeight() - dropHint.getHeight()) / 2);
        Rect r = region.rectProperty().get();
        double offset = split ? 0 : w + GAP;
        regionOverlay.place(any && r != null ? RegionOverlay.toView(r, layers.scale(), vm.zoomProperty().get(),
                vm.centerXProperty().get(), vm.centerYProperty().get(), w, h, offset) : null, getWidth(), h);
        if (any && vm.zoomedIn()) {
            navigator.update(layers.navigator(), layers.width(), layers.height());
            navigator.relocate(getWidth() - navigator.getWidth() - 10, h - navigator.getHeight() - 10);
        } else {
            navigator.setVisible(false);
        }
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        lastX = pressX = e.getX();
        lastY = pressY = e.getY();
        if (layers == null || e.getButton() != MouseButton.PRIMARY) {
            drag = Drag.NONE;
        } else if (nearDivider(e.getX())) {
            drag = Drag.DIVIDER; // the divider can be dragged in region mode too
        } else if (e.isShiftDown() || vm.regionModeProperty().get()) {
            drag = Drag.SELECT;
            selection.setVisible(true);
            updateSelection(e.getX(), e.getY());
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
            if (r != null && photo.get() != null) {
                onRegion.accept(r);
            }
        }
        drag = Drag.NONE;
        moved(e);
    }

    private void moved(MouseEvent e) {
        setCursor(nearDivider(e.getX()) && layers != null ? Cursor.H_RESIZE
                : vm.regionModeProperty().get() || e.isShiftDown() ? Cursor.CROSSHAIR : Cursor.DEFAULT);
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
        int s = layers.scale();
        double ax = ViewRenderer.imageX(sideX(Math.min(x0, x1)), w, z, cx) / s;
        double bx = ViewRenderer.imageX(sideX(Math.max(x0, x1)), w, z, cx) / s;
        double ay = ViewRenderer.imageY(Math.min(y0, y1), getHeight(), z, cy) / s;
        double by = ViewRenderer.imageY(Math.max(y0, y1), getHeight(), z, cy) / s;
        int ix = (int) Math.floor(ax);
        int iy = (int) Math.floor(ay);
        return new Rect(ix, iy, Math.max(1, (int) Math.ceil(bx) - ix), Math.max(1, (int) Math.ceil(by) - iy));
    }

    public void setOnRegion(Consumer<Rect> handler) {
        this.onRegion = handler;
    }

    /** The photo on screen. */
    public ObjectProperty<PhotoView> photoProperty() {
        return photo;
    }

    /** Space kept free at the top (for the error banner): the side labels move below it. */
    public DoubleProperty topInsetProperty() {
        return topInset;
    }

    /** Shows or hides the "drop here" highlight while files are dragged over the window. */
    public void setDropping(boolean on) {
        dropHint.setVisible(on);
        if (on) {
            getStyleClass().add("dropping");
        } else {
            getStyleClass().remove("dropping");
        }
        requestRender();
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

    /** The navigator (visible while zoomed in). */
    public Pane navigator() {
        return navigator;
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
