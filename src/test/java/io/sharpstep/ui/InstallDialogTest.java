package io.sharpstep.ui;

import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.install.Downloader;
import io.sharpstep.install.InstallFixtures;
import io.sharpstep.install.Installer;
import io.sharpstep.install.LocalMirror;
import io.sharpstep.install.TestCatalogue;
import io.sharpstep.ui.model.InstallViewModel;
import io.sharpstep.ui.model.InstallViewModel.State;
import io.sharpstep.ui.view.InstallDialog;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "Get the diffusion model" dialog, headless, against a local mirror on 127.0.0.1. */
@ExtendWith(ApplicationExtension.class)
class InstallDialogTest {
    @TempDir
    Path tmp;
    private LocalMirror mirror;
    private final List<ModelPack> installed = new CopyOnWriteArrayList<>();
    private InstallViewModel vm;
    private InstallDialog dialog;

    @Start
    void start(Stage stage) throws Exception {
        mirror = new LocalMirror(InstallFixtures.SD.getParent());
    }

    @AfterEach
    void stop() throws Exception {
        if (dialog != null) {
            WaitForAsyncUtils.asyncFx(() -> dialog.stage().close()).get();
        }
        mirror.close();
    }

    private void open(String mode) throws Exception {
        Installer installer = new Installer(TestCatalogue.of(List.of(mirror.base(mode).resolve("sd21/")),
                List.of(mirror.base(mode).resolve("osediff.pkl"))), InstallFixtures.templates(), Downloader.standard(),
                tmp.resolve("models"));
        WaitForAsyncUtils.asyncFx(() -> {
            vm = new InstallViewModel(installer, Platform::runLater, r -> {
                Thread t = new Thread(r, "install-test");
                t.setDaemon(true);
                t.start();
            }, installed::add);
            dialog = new InstallDialog(vm, null);
            dialog.show();
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitForState(State s) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> vm.stateProperty().get() == s);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void showsTheFilesAsksForTheLicencesAndInstalls(FxRobot robot) throws Exception {
        open("good");
        TableView<?> files = robot.lookup("#installFiles").queryAs(TableView.class);
        assertEquals(4, files.getItems().size());
        Button start = robot.lookup("#installStart").queryButton();
        assertTrue(start.isDisabled(), "Start waits for the licences");
        robot.clickOn("#installAccept");
        assertFalse(start.isDisabled());
        robot.clickOn("#installStart");
        waitForState(State.DONE);
        assertEquals(1, installed.size());
        assertEquals("ci-x4-fp16", installed.get(0).id());
        String message = robot.lookup("#installMessage").queryAs(Label.class).getText();
        assertTrue(message.startsWith("Installed OSEDiff ×4 (one-step diffusion)"), message);
        assertTrue(Files.isRegularFile(tmp.resolve("models/ci-x4-fp16/model.json")));
        assertTrue(robot.lookup("#installStart").queryButton().isDisabled());
    }

    @Test
    void cancelKeepsTheDownloadThenDiscardRemovesIt(FxRobot robot) throws Exception {
        open("slow");
        robot.clickOn("#installAccept");
        robot.clickOn("#installStart");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> robot.lookup("#installSpeed").queryAs(Label.class).getText().contains(" left"));
        String speed = robot.lookup("#installSpeed").queryAs(Label.class).getText();
        assertTrue(speed.matches(".* of .* · .*/s · .* left"), speed);
        robot.clickOn("#installCancel");
        waitForState(State.CANCELLED);
        assertEquals("Resume", robot.lookup("#installStart").queryButton().getText());
        assertTrue(robot.lookup("#installMessage").queryAs(Label.class).getText().startsWith("Cancelled."));
        Path downloads = tmp.resolve("models/.downloads/ci-x4");
        assertTrue(Files.exists(downloads), () -> { try (var s = Files.walk(tmp)) { return s.toList().toString(); } catch (Exception e) { return e.toString(); } });
        Button discard = robot.lookup("#installDiscard").queryButton();
        assertFalse(discard.isDisabled());
        robot.clickOn("#installDiscard");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(Files.exists(downloads));
        assertTrue(robot.lookup("#installMessage").queryAs(Label.class).getText().startsWith("Removed "));
        assertTrue(installed.isEmpty());
        assertFalse(Files.exists(tmp.resolve("models/ci-x4-fp16")));
    }
}
