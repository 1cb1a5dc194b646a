package io.sharpstep.ui;

import io.sharpstep.ui.model.ItemState;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.UiSettings;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ToolBar;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At 1280×720 nothing important is clipped: tool bar, labels, hint, queue rows, status line. */
class WindowLayoutTest extends WindowTestBase {
    @Override
    double width() {
        return 1280;
    }

    @Override
    double height() {
        return 720;
    }

    @Test
    void everyToolIsOnTheToolBarAt1280(FxRobot robot) throws Exception {
        ToolBar bar = window.toolbar();
        Bounds b = fx(() -> bar.localToScene(bar.getBoundsInLocal()));
        for (Node n : fx(() -> java.util.List.copyOf(bar.getItems()))) {
            boolean shown = fx(() -> n.getScene() != null && n.isVisible() && n.getParent() != null
                    && n.getParent().isVisible());
            assertTrue(shown, "on the bar: " + n);
            Bounds nb = fx(() -> n.localToScene(n.getBoundsInLocal()));
            assertTrue(nb.getMaxX() <= b.getMaxX() + 0.5, n + " ends at " + nb.getMaxX() + " of " + b.getMaxX());
        }
        assertTrue(robot.lookup(".tool-bar-overflow-button").queryAll().stream().noneMatch(Node::isVisible),
                "no » overflow button");
    }

    @Test
    void labelsHintStatusAndQueueRowsFit(FxRobot robot) throws Exception {
        Label hint = robot.lookup(".viewer-hint").queryAs(Label.class);
        Bounds viewer = fx(() -> window.viewer().localToScene(window.viewer().getBoundsInLocal()));
        Bounds hb = fx(() -> hint.localToScene(hint.getBoundsInLocal()));
        assertTrue(hb.getMinX() >= viewer.getMinX() && hb.getMaxX() <= viewer.getMaxX(), "hint inside the viewer");
        assertFalse(fx(() -> hint.getText()).isBlank());

        String longName = "a photo with a very long name from a camera and an export tool, final version 2.png";
        QueueItem item = runOne(robot, TestImages.photo(tmp, longName, 120, 80));
        settle();
        Label before = robot.lookup("#beforeLabel").queryAs(Label.class);
        Label after = robot.lookup("#afterLabel").queryAs(Label.class);
        Bounds bb = fx(() -> before.localToScene(before.getBoundsInLocal()));
        Bounds ab = fx(() -> after.localToScene(after.getBoundsInLocal()));
        assertTrue(bb.getMaxX() < ab.getMinX(), "before and after labels apart: " + bb + " / " + ab);
        robot.clickOn("#sideMode");
        settle();
        bb = fx(() -> before.localToScene(before.getBoundsInLocal()));
        ab = fx(() -> after.localToScene(after.getBoundsInLocal()));
        assertTrue(bb.getMaxX() < ab.getMinX(), "side by side too");

        // The queue row: the state stays visible beside a long name, and the list never scrolls sideways.
        Node pill = robot.lookup(".state-pill").query();
        Bounds pb = fx(() -> pill.localToScene(pill.getBoundsInLocal()));
        Bounds lb = fx(() -> window.queuePane().list().localToScene(window.queuePane().list().getBoundsInLocal()));
        assertTrue(pb.getMaxX() <= lb.getMaxX() && pb.getMinX() >= lb.getMinX(), "state inside the list: " + pb);
        assertEquals(ItemState.DONE.label(), ((Label) pill).getText());
        assertTrue(robot.lookup(".list-view .scroll-bar").queryAll().stream()
                .filter(n -> n instanceof ScrollBar s && s.getOrientation() == Orientation.HORIZONTAL)
                .noneMatch(Node::isVisible), "no sideways scrolling in the queue");

        // A long status message is cut on screen and whole on its tooltip.
        String message = "Nothing is waiting. To enhance a finished photo again, select it and press Run again.";
        fx(() -> services.status().info(message));
        assertEquals(message, fx(() -> window.root().lookup("#statusBar") instanceof org.controlsfx.control.StatusBar s
                ? s.getTooltip().getText() : ""));
        assertTrue(fx(() -> item.detailProperty().get()).startsWith("Done in"));
    }

    @Test
    void theJpegQualitySliderStepsByOneWithTheArrowKeys(FxRobot robot) throws Exception {
        javafx.scene.control.Slider q = robot.lookup("#qualitySlider").queryAs(javafx.scene.control.Slider.class);
        fx(() -> q.setValue(0.8));
        fx(q::requestFocus);
        robot.type(javafx.scene.input.KeyCode.RIGHT);
        assertEquals(0.81, fx(() -> services.settings().qualityProperty().get()), 1e-6);
        robot.type(javafx.scene.input.KeyCode.LEFT, 2);
        assertEquals(0.79, fx(() -> services.settings().qualityProperty().get()), 1e-6);
    }

    @Test
    void theWindowOpensAtAShareOfTheScreenAndComesBackWhereItWas(FxRobot robot) throws Exception {
        var screen = fx(() -> Screen.getPrimary().getVisualBounds());
        Stage s = fx(() -> {
            Stage st = new Stage();
            SharpStepApp.place(st, null);
            return st;
        });
        assertEquals(Math.max(Math.min(960, screen.getWidth()), screen.getWidth() * SharpStepApp.FIRST_SHARE),
                s.getWidth(), 1);
        assertTrue(s.getX() >= screen.getMinX() && s.getX() + s.getWidth() <= screen.getMaxX() + 1);
        fx(() -> SharpStepApp.place(s, new UiSettings.WindowPlace(30, 40, 1000, 650, false)));
        assertEquals(30, s.getX(), 1);
        assertEquals(1000, s.getWidth(), 1);
        // A place no screen shows any more (a monitor unplugged) falls back to the share of the main screen.
        fx(() -> SharpStepApp.place(s, new UiSettings.WindowPlace(50000, 50000, 1000, 650, false)));
        assertTrue(s.getX() < screen.getMaxX());
        Path settings = tmp.resolve("ui.properties");
        assertTrue(settings.getParent().toFile().isDirectory());
    }
}
