package io.sharpstep.ui.view;

import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.viewer.Argb;
import io.sharpstep.ui.viewer.FxImages;
import io.sharpstep.ui.viewer.Overview;
import io.sharpstep.ui.viewer.ViewRenderer;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Rectangle;

/**
 * A small overview of the whole photo with the part in view outlined, shown while zoomed in: click or drag in it
 * to move the view there.
 */
final class Navigator extends Pane {
    static final double BOX = 180;

    private final ViewerViewModel vm;
    private final ImageView image = new ImageView();
    private final Rectangle frame = new Rectangle();
    private Overview shown;
    private double scale = 1;

    Navigator(ViewerViewModel vm) {
        this.vm = vm;
        setId("navigator");
        getStyleClass().add("navigator");
        frame.getStyleClass().add("navigator-frame");
        frame.setMouseTransparent(true);
        getChildren().addAll(image, frame);
        setOnMousePressed(this::move);
        setOnMouseDragged(this::move);
        setOnMouseClicked(MouseEvent::consume);
    }

    private void move(MouseEvent e) {
        vm.centerOn((e.getX() - 1) / scale, (e.getY() - 1) / scale);
        e.consume();
    }

    /** Shows {@code overview} (of an image of {@code w × h} output pixels) and the part in view. */
    void update(Overview overview, int w, int h) {
        if (overview == null || w <= 0 || h <= 0) {
            setVisible(false);
            return;
        }
        scale = Math.min(BOX / w, BOX / h);
        int nw = Math.max(1, (int) Math.round(w * scale));
        int nh = Math.max(1, (int) Math.round(h * scale));
        if (overview != shown || image.getImage() == null || (int) image.getImage().getWidth() != nw) {
            shown = overview;
            int[] px = new int[nw * nh];
            for (int y = 0; y < nh; y++) {
                for (int x = 0; x < nw; x++) {
                    int p = overview.argb((x + 0.5) / scale, (y + 0.5) / scale);
                    px[y * nw + x] = p == Argb.UNKNOWN ? ViewRenderer.BACKGROUND : Argb.over(p, ViewRenderer.CHECK_DARK);
                }
            }
            image.setImage(FxImages.image(px, nw, nh));
        }
        image.relocate(1, 1);
        setPrefSize(nw + 2, nh + 2);
        resize(nw + 2, nh + 2);
        double[] v = vm.visible();
        double x0 = Math.max(0, v[0]) * scale;
        double y0 = Math.max(0, v[1]) * scale;
        double x1 = Math.min(w, v[0] + v[2]) * scale;
        double y1 = Math.min(h, v[1] + v[3]) * scale;
        frame.setX(1 + x0);
        frame.setY(1 + y0);
        frame.setWidth(Math.max(2, x1 - x0));
        frame.setHeight(Math.max(2, y1 - y0));
        setVisible(true);
    }
}
