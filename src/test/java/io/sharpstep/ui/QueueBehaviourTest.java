package io.sharpstep.ui;

import io.sharpstep.jobs.JobRunner;
import io.sharpstep.jobs.UpscaleJob;
import io.sharpstep.ui.model.ItemState;
import io.sharpstep.ui.model.QueueItem;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An honest queue: files checked when added, counts by state, buttons that can act, estimates, quitting. */
class QueueBehaviourTest extends WindowTestBase {
    /** Milliseconds each job waits before it starts (a photo whose engine reports nothing for a while). */
    private volatile long delay;

    @Override
    JobRunner runner() {
        return (in, up, s, l, c) -> {
            long end = System.currentTimeMillis() + delay;
            while (System.currentTimeMillis() < end && !c.isCancelled()) {
                Thread.onSpinWait();
            }
            return UpscaleJob.run(in, up, s, l, c);
        };
    }

    @Test
    void filesThatCannotBeUsedFailWhenAddedAndCountsStayHonest(FxRobot robot) throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.jpg"), "this is not a JPEG");
        Path huge = TestImages.pngHeaderOnly(tmp, "huge.png", 20000, 20000);
        Path a = TestImages.photo(tmp, "a.png", 40, 30);
        Path b = TestImages.photo(tmp, "b.png", 40, 30);
        QueueItem first = add(bad, huge, a, b);
        QueueItem second = fx(() -> services.queue().items().get(1));
        waitFor(10, () -> first.state() == ItemState.FAILED && second.state() == ItemState.FAILED);
        String why = fx(() -> first.detailProperty().get());
        assertTrue(why.startsWith("bad.jpg "), why);
        assertFalse(why.contains("Exception"), why);
        String big = fx(() -> second.detailProperty().get());
        assertTrue(big.contains("above the limit"), big);
        assertNull(fx(() -> second.thumbnailProperty().get()), "no thumbnail decoded for a refused file");
        waitFor(5, () -> window.notifications().isShowing());
        waitFor(10, () -> services.queue().items().stream().filter(i -> i.state() == ItemState.WAITING)
                .allMatch(i -> i.headerProperty().get() != null));
        assertEquals("2 failed · 2 waiting", fx(() -> services.queue().batchTextProperty().get()));
        robot.clickOn("#startButton");
        waitFor(60, () -> !services.queue().runningProperty().get()
                && services.queue().items().get(3).state() == ItemState.DONE);
        assertEquals("2 done · 2 failed", fx(() -> services.queue().batchTextProperty().get()));
        add(TestImages.photo(tmp, "c.png", 40, 30));
        waitFor(5, () -> services.queue().batchTextProperty().get().equals("2 done · 2 failed · 1 waiting"));
        assertEquals(List.of(out.resolve("a_x4.png"), out.resolve("b_x4.png")), outputs());
    }

    @Test
    void buttonsAreEnabledOnlyWhenTheyCanActAndRunAgainRuns(FxRobot robot) throws Exception {
        for (String id : List.of("#startButton", "#removeButton", "#clearButton", "#runAgainButton")) {
            assertTrue(robot.lookup(id).queryAs(Button.class).isDisabled(), id + " on an empty queue");
        }
        QueueItem item = add(TestImages.photo(tmp, "photo.png", 40, 30));
        waitFor(10, () -> item.headerProperty().get() != null);
        assertFalse(robot.lookup("#startButton").queryAs(Button.class).isDisabled());
        assertFalse(robot.lookup("#removeButton").queryAs(Button.class).isDisabled());
        assertFalse(robot.lookup("#clearButton").queryAs(Button.class).isDisabled());
        assertTrue(robot.lookup("#runAgainButton").queryAs(Button.class).isDisabled(), "nothing finished yet");
        robot.clickOn("#startButton");
        waitFor(60, () -> item.state() == ItemState.DONE && !services.queue().runningProperty().get());
        assertTrue(robot.lookup("#startButton").queryAs(Button.class).isDisabled(), "nothing waiting");
        assertFalse(robot.lookup("#runAgainButton").queryAs(Button.class).isDisabled());
        robot.clickOn("#runAgainButton");
        assertTrue(fx(() -> services.status().log().stream().anyMatch(l -> l.contains(
                "Running photo.png again with Bicubic ×4."))), "says what it does");
        waitFor(60, () -> item.state() == ItemState.DONE && !services.queue().runningProperty().get());
        assertEquals(List.of(out.resolve("photo_x4 (2).png"), out.resolve("photo_x4.png")), outputs());
    }

    @Test
    void startAfterACancelRunsTheCancelledPhotoAgain(FxRobot robot) throws Exception {
        delay = 60_000;
        QueueItem item = add(TestImages.photo(tmp, "photo.png", 40, 30));
        waitFor(10, () -> item.headerProperty().get() != null);
        robot.clickOn("#startButton");
        waitFor(10, () -> item.state() == ItemState.RUNNING);
        robot.clickOn("#cancelButton");
        waitFor(30, () -> item.state() == ItemState.CANCELLED);
        delay = 0;
        assertFalse(robot.lookup("#startButton").queryAs(Button.class).isDisabled(), "Start can re-queue it");
        robot.clickOn("#startButton");
        waitFor(60, () -> item.state() == ItemState.DONE);
        assertEquals(List.of(out.resolve("photo_x4.png")), outputs());
    }

    @Test
    void aPhotoWhoseEngineReportsNothingShowsAnEstimateMarkedAsOne(FxRobot robot) throws Exception {
        delay = 5_000;
        // 160×120 output = 0.0192 MP; measured earlier at 500 s per MP: about 9.6 s expected.
        fx(() -> services.settings().recordSpeed("bicubic", "cpu", 500));
        QueueItem item = add(TestImages.photo(tmp, "photo.png", 40, 30));
        waitFor(10, () -> item.headerProperty().get() != null);
        assertTrue(fx(() -> item.detailProperty().get()).matches("Waiting · 160×120 \\(0\\.0 MP\\) · about \\d+ s"),
                fx(() -> item.detailProperty().get()));
        robot.clickOn("#startButton");
        waitFor(10, () -> item.detailProperty().get().contains("(estimate)"));
        String d = fx(() -> item.detailProperty().get());
        assertTrue(d.matches("Starting · \\d+ s so far · about \\d+ s left \\(estimate\\)"), d);
        assertTrue(fx(() -> item.estimatedProperty().get()));
        waitFor(10, () -> item.progressProperty().get() > 0.05);
        assertTrue(fx(() -> item.progressProperty().get()) < 0.96);
        waitFor(60, () -> item.state() == ItemState.DONE);
        assertFalse(fx(() -> item.estimatedProperty().get()));
    }

    @Test
    void quittingWithWorkAsksFirstAndCtrlQQuits(FxRobot robot) throws Exception {
        delay = 60_000;
        boolean[] quit = {false};
        fx(() -> window.setOnQuit(() -> quit[0] = true));
        QueueItem item = add(TestImages.photo(tmp, "photo.png", 40, 30));
        waitFor(10, () -> item.headerProperty().get() != null);
        robot.clickOn("#startButton");
        waitFor(10, () -> item.state() == ItemState.RUNNING);
        robot.press(KeyCode.CONTROL, KeyCode.Q).release(KeyCode.Q, KeyCode.CONTROL);
        waitFor(10, () -> robot.lookup("#quitDialog").tryQuery().isPresent());
        robot.clickOn("Keep working");
        assertFalse(quit[0], "kept working");
        assertEquals(ItemState.RUNNING, fx(item::state));
        AtomicReference<Boolean> answer = new AtomicReference<>();
        fx(() -> window.requestQuit(answer::set));
        waitFor(10, () -> robot.lookup("#quitDialog").queryAs(DialogPane.class).getScene().getWindow().isShowing());
        robot.clickOn("Quit");
        waitFor(5, () -> answer.get() != null);
        assertTrue(answer.get());
        assertTrue(quit[0]);
        fx(() -> services.queue().cancelAll());
        waitFor(30, () -> !services.queue().runningProperty().get());
        // With nothing running or waiting, quitting asks nothing.
        quit[0] = false;
        fx(() -> window.requestQuit(null));
        assertTrue(quit[0]);
    }

    @Test
    void detailsShowTheCauseChainAndTheLogFileNeverAStackTrace(FxRobot robot) throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.jpg"), "this is not a JPEG");
        QueueItem item = add(bad);
        waitFor(10, () -> item.state() == ItemState.FAILED && window.notifications().isShowing());
        assertEquals(fx(() -> item.detailProperty().get()), fx(() -> window.notifications().getText()));
        robot.clickOn("Details…");
        waitFor(10, () -> robot.lookup("#detailsText").tryQuery().isPresent());
        String text = robot.lookup("#detailsText").queryAs(TextArea.class).getText();
        assertTrue(text.contains("Photo: " + bad), text);
        assertTrue(text.contains("Cause:"), text);
        assertTrue(text.contains("Log file: "), text);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
        robot.clickOn("Copy");
        assertEquals(text, fx(() -> Clipboard.getSystemClipboard().getString()));
        robot.clickOn("Close");
        // The error leaves with its photo.
        fx(() -> services.queue().remove(item));
        assertEquals("", fx(() -> services.status().errorProperty().get()));
        assertFalse(fx(() -> services.status().messageProperty().get()).contains("bad.jpg"));
    }
}
