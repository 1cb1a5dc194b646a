package io.sharpstep.ui.view;

import io.sharpstep.core.Rect;
import io.sharpstep.ui.model.RegionControl;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Rectangle;

/**
 * The region preview's rectangle on the viewer, kept after the drag: outlined while it runs (with its progress and
 * a cancel) and once done (with what made it, and a button to remove it).
 */
final class RegionOverlay {
    final Rectangle outline = new Rectangle();
    final HBox bar;
    private final Label text = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Button close = new Button("×");

    RegionOverlay(RegionControl region) {
        outline.getStyleClass().add("region-outline");
        outline.setMouseTransparent(true);
        text.getStyleClass().add("region-text");
        text.textProperty().bind(region.textProperty());
        progress.setPrefWidth(90);
        progress.progressProperty().bind(region.progressProperty());
        progress.visibleProperty().bind(region.runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        close.setId("regionClose");
        close.getStyleClass().add("region-close");
        close.setFocusTraversable(false);
        close.tooltipProperty().bind(Bindings.when(region.runningProperty())
                .then(new Tooltip("Stop this region preview")).otherwise(new Tooltip("Remove this region preview")));
        close.setOnAction(e -> {
            if (region.runningProperty().get()) {
                region.cancel();
            } else {
                region.dismiss();
            }
        });
        bar = new HBox(6, text, progress, close);
        bar.setId("regionBar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("region-bar");
    }

    /** Places the rectangle ({@code r} in view coordinates, or null to hide) within a view of {@code w × h}. */
    void place(double[] r, double w, double h) {
        boolean on = r != null;
        outline.setVisible(on);
        bar.setVisible(on);
        if (!on) {
            return;
        }
        outline.setX(r[0]);
        outline.setY(r[1]);
        outline.setWidth(Math.max(1, r[2]));
        outline.setHeight(Math.max(1, r[3]));
        bar.autosize();
        double bx = Math.max(4, Math.min(w - bar.getWidth() - 4, r[0]));
        double below = r[1] + r[3] + 4;
        double by = below + bar.getHeight() <= h - 4 ? below : Math.max(4, r[1] - bar.getHeight() - 4);
        bar.relocate(bx, by);
    }

    /** The input rectangle in view coordinates of one side. */
    static double[] toView(Rect input, int scale, double zoom, double cx, double cy, double vw, double vh,
                           double offsetX) {
        double x = (input.x() * (double) scale - cx) * zoom + vw / 2 + offsetX;
        double y = (input.y() * (double) scale - cy) * zoom + vh / 2;
        return new double[] {x, y, input.width() * (double) scale * zoom, input.height() * (double) scale * zoom};
    }
}
