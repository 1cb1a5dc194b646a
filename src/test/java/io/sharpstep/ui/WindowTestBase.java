package io.sharpstep.ui;

import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.jobs.JobRunner;
import io.sharpstep.ui.model.ItemState;
import io.sharpstep.ui.model.PhotoView;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.Services;
import io.sharpstep.ui.work.SettingsStore;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.junit.jupiter.api.BeforeEach;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The window, headless under Monocle, with the built-in bicubic pack doing real engine work, at the size a
 * subclass asks for. Drops are simulated through the drop handler's file list: Monocle has no OS drag-and-drop
 * source for files.
 */
@ExtendWith(ApplicationExtension.class)
abstract class WindowTestBase {
    @TempDir
    Path tmp;
    Path out;
    Services services;
    MainWindow window;
    Stage stage;

    /** The scene's size. */
    double width() {
        return 1280;
    }

    double height() {
        return 800;
    }

    /** How jobs run (the standard job unless a test says otherwise). */
    JobRunner runner() {
        return JobRunner.STANDARD;
    }

    /** TestFX looks for @Start on the test class itself only, so the stage is set up here for every subclass. */
    @BeforeEach
    void openWindow() throws Exception {
        FxToolkit.setupStage(s -> {
            try {
                open(s);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    void open(Stage stage) throws Exception {
        this.stage = stage;
        out = Files.createDirectories(tmp.resolve("out"));
        services = new Services(new PackCatalog(List.of()), new SettingsStore(tmp.resolve("ui.properties")),
                (in, up, s, l, c) -> runner().run(in, up, s, l, c));
        services.settings().outputDirProperty().set(out);
        window = new MainWindow(services);
        stage.setScene(window.createScene(width(), height()));
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        fx(() -> {
            window.dispose();
            services.close();
            return null;
        });
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }

    static void fx(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until the viewer has drawn every requested frame. */
    void settle() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(50);
        waitFor(20, () -> !window.viewer().isPainting());
    }

    QueueItem add(Path... photos) throws Exception {
        fx(() -> window.actions().addFiles(Stream.of(photos).map(Path::toFile).toList()));
        return fx(() -> services.queue().items().get(services.queue().items().size() - photos.length));
    }

    QueueItem runOne(FxRobot robot, Path photo) throws Exception {
        QueueItem item = add(photo);
        waitFor(10, () -> item.headerProperty().get() != null);
        robot.clickOn("#startButton");
        waitFor(60, () -> item.state() == ItemState.DONE);
        return item;
    }

    /** The photo on screen once its original is decoded. */
    PhotoView shownLoaded() throws Exception {
        waitFor(20, () -> services.queue().shownProperty().get() != null
                && services.queue().shownProperty().get().source() != null);
        return fx(() -> services.queue().shownProperty().get());
    }

    List<Path> outputs() throws Exception {
        try (Stream<Path> s = Files.list(out)) {
            return s.sorted().toList();
        }
    }
}
