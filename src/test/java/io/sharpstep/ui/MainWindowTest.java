package io.sharpstep.ui;

import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.engine.pack.PackKind;
import io.sharpstep.ui.model.ItemState;
import io.sharpstep.ui.model.PhotoView;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.SettingsViewModel;
import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.view.CompareView;
import io.sharpstep.ui.viewer.ViewRenderer;
import io.sharpstep.ui.work.FileActions;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The main flows: adding, running, viewing, cancelling, pasting, saving. */
class MainWindowTest extends WindowTestBase {
    /** Input side of the photo cancelled mid-job (its ×4 result would be 4 × BIG square). */
    private static final int BIG = 1500;

    @Test
    void droppingFilesAndFoldersQueuesThem(FxRobot robot) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("in"));
        TestImages.photo(folder, "a.png", 40, 30);
        TestImages.photo(folder, "b.png", 40, 30);
        Files.writeString(folder.resolve("notes.txt"), "not a photo");
        Path single = TestImages.photo(tmp, "c.png", 20, 20);
        fx(() -> window.actions().addFiles(List.of(folder.toFile(), single.toFile())));
        waitFor(10, () -> window.queuePane().list().getItems().size() == 3);
        assertEquals(List.of("a.png", "b.png", "c.png"), fx(() -> services.queue().items().stream()
                .map(QueueItem::name).toList()));
        assertTrue(fx(() -> services.queue().items().stream().allMatch(i -> i.state() == ItemState.WAITING)));
        waitFor(10, () -> services.queue().items().stream().allMatch(i -> i.thumbnailProperty().get() != null));
        assertEquals("Queued 3 photos.", robot.lookup("#statusBar").queryAs(StatusBar.class).getText());
        // Before a run each photo says the size it will have.
        waitFor(10, () -> services.queue().items().get(0).detailProperty().get().contains("160×120 (0.0 MP)"));
    }

    @Test
    void aBicubicJobCompletesAndShowsTheResult(FxRobot robot) throws Exception {
        Path photo = TestImages.photo(tmp, "photo.png", 120, 80);
        QueueItem item = runOne(robot, photo);
        List<Path> files = outputs();
        assertEquals(List.of(out.resolve("photo_x4.png")), files);
        BufferedImage written = ImageIO.read(files.get(0).toFile());
        assertEquals(480, written.getWidth());
        assertEquals(320, written.getHeight());
        assertEquals("bicubic", fx(() -> item.shownPackProperty().get()));
        assertEquals(files.get(0), fx(() -> item.outputs().get("bicubic").file()));
        CompareView v = window.viewer();
        waitFor(10, () -> v.afterText().equals("After · Bicubic ×4"));
        // Right of the divider the viewer draws the result's pixels: at 100 %, compare a pixel.
        fx(() -> services.viewer().zoomTo(1));
        settle();
        WritableImage img = fx(v::leftImage);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int shown = img.getPixelReader().getArgb(w * 3 / 4, h / 2);
        ViewerViewModel vm = services.viewer();
        int ix = (int) Math.floor(vm.centerXProperty().get() + (w * 3 / 4 + 0.5 - w / 2.0));
        int iy = (int) Math.floor(vm.centerYProperty().get() + (h / 2 + 0.5 - h / 2.0));
        assertEquals(written.getRGB(ix, iy) | 0xff000000, shown);
        assertTrue(fx(() -> item.detailProperty().get()).startsWith("Done in"));
    }

    @Test
    void theDividerFollowsTheMouse(FxRobot robot) throws Exception {
        runOne(robot, TestImages.photo(tmp, "photo.png", 120, 80));
        settle();
        CompareView v = window.viewer();
        Bounds b = fx(() -> v.localToScreen(v.getBoundsInLocal()));
        double y = b.getMinY() + b.getHeight() / 3;
        assertEquals(0.5, services.viewer().dividerProperty().get(), 1e-9);
        robot.drag(new Point2D(b.getMinX() + b.getWidth() / 2, y)).dropTo(new Point2D(b.getMinX() + b.getWidth() * 0.8, y));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.8, services.viewer().dividerProperty().get(), 0.01);
        // In region mode the divider still moves (a drag that starts on it is not a selection).
        robot.clickOn("#regionToggle");
        robot.drag(new Point2D(b.getMinX() + b.getWidth() * 0.8, y)).dropTo(new Point2D(b.getMinX() + b.getWidth() * 0.3, y));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.3, services.viewer().dividerProperty().get(), 0.01);
        assertEquals(null, fx(() -> services.region().rectProperty().get()));
    }

    @Test
    void zoomAndPanStayInSyncSideBySide(FxRobot robot) throws Exception {
        runOne(robot, TestImages.square(tmp, "square.png", 64));
        robot.clickOn("#sideMode");
        CompareView v = window.viewer();
        settle();
        waitFor(5, () -> v.rightImage() != null);
        Bounds b = fx(() -> v.localToScreen(v.getBoundsInLocal()));
        ViewerViewModel vm = services.viewer();
        double before = vm.zoomProperty().get();
        Point2D corner = fx(() -> cornerInView(vm));
        // Monocle's robot wheel gives deltaY = -1 per notch "up" (sign and scale unlike real platforms, which
        // send +40 per notch away from the user), so the wheel is fired as a desktop would send it.
        fx(() -> {
            for (int i = 0; i < 2; i++) {
                Event.fireEvent(v, new ScrollEvent(ScrollEvent.SCROLL, corner.getX() + 15, corner.getY() + 15,
                        b.getMinX() + corner.getX() + 15, b.getMinY() + corner.getY() + 15, false, false, false, false,
                        false, false, 0, 40, 0, 40, 40, 40, ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                        ScrollEvent.VerticalTextScrollUnits.LINES, 1, 0, null));
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.zoomProperty().get() > before * 1.2, "zoomed in: " + before + " -> " + vm.zoomProperty().get());
        robot.drag(new Point2D(b.getMinX() + corner.getX() + 40, b.getMinY() + corner.getY() + 40))
                .dropTo(new Point2D(b.getMinX() + corner.getX() + 70, b.getMinY() + corner.getY() + 60));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(vm.fitProperty().get());
        settle();
        // The black square's corner lands on the same screen pixel of both sides (original vs bicubic).
        Point2D now = fx(() -> cornerInView(vm));
        int[] left = edges(fx(v::leftImage), now);
        int[] right = edges(fx(v::rightImage), now);
        assertTrue(left[0] > 0 && left[1] > 0, "corner visible on the left side");
        assertEquals(left[0], right[0], 2.0);
        assertEquals(left[1], right[1], 2.0);
        assertEquals(now.getX(), left[0], 3.0);
        assertEquals(now.getY(), left[1], 3.0);
    }

    /** Where output pixel (64, 64) of the 256×256 square result is, in one side's coordinates. */
    private static Point2D cornerInView(ViewerViewModel vm) {
        double z = vm.zoomProperty().get();
        return new Point2D(ViewRenderer.viewX(64, vm.viewportWidthProperty().get(), z, vm.centerXProperty().get()),
                ViewRenderer.viewY(64, vm.viewportHeightProperty().get(), z, vm.centerYProperty().get()));
    }

    /** The first light-to-dark crossing (at mid grey) along the row and the column a little inside the square's corner. */
    private static int[] edges(WritableImage img, Point2D corner) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int y = (int) Math.min(h - 1, corner.getY() + 12);
        int x = (int) Math.min(w - 1, corner.getX() + 12);
        int col = -1;
        int row = -1;
        for (int i = 1; i < w && col < 0; i++) {
            if ((img.getPixelReader().getArgb(i - 1, y) & 0xff) >= 128 && (img.getPixelReader().getArgb(i, y) & 0xff) < 128) {
                col = i;
            }
        }
        for (int j = 1; j < h && row < 0; j++) {
            if ((img.getPixelReader().getArgb(x, j - 1) & 0xff) >= 128 && (img.getPixelReader().getArgb(x, j) & 0xff) < 128) {
                row = j;
            }
        }
        return new int[] {col, row};
    }

    @Test
    void holdingSpaceShowsTheBeforeImageAndKeysZoom(FxRobot robot) throws Exception {
        runOne(robot, TestImages.photo(tmp, "photo.png", 120, 80));
        robot.clickOn("#compareView");
        robot.press(KeyCode.SPACE);
        assertTrue(services.viewer().showBeforeProperty().get(), "held: before everywhere");
        robot.release(KeyCode.SPACE);
        assertFalse(services.viewer().showBeforeProperty().get(), "released: back to the comparison");
        robot.type(KeyCode.DIGIT2);
        assertEquals(2, services.viewer().zoomProperty().get(), 1e-9);
        robot.type(KeyCode.MINUS);
        assertEquals(1.5, services.viewer().zoomProperty().get(), 1e-9);
        assertEquals("150 %", robot.lookup("#zoomLabel").queryAs(Label.class).getText());
    }

    @Test
    void cancelStopsTheRunningJobLeavesNoFileAndTheBatchGoesOn(FxRobot robot) throws Exception {
        Path big = TestImages.photo(tmp, "big.png", BIG, BIG);
        Path next = TestImages.photo(tmp, "next.png", 40, 40);
        QueueItem first = add(big, next);
        QueueItem second = fx(() -> services.queue().items().get(1));
        waitFor(10, () -> second.headerProperty().get() != null);
        robot.clickOn("#startButton");
        // Bicubic ×4 reports its one stage as it begins; from then on the engine is resampling.
        waitFor(30, () -> first.detailProperty().get().startsWith("Bicubic"));
        for (int k = 0; k < 3; k++) {
            long q = System.nanoTime();
            fx(() -> null);
            System.out.println("FX round trip while the job runs: " + (System.nanoTime() - q) / 1_000_000 + " ms");
        }
        long t0 = System.nanoTime();
        String said = fx(() -> {
            services.queue().cancelCurrent(); // what the Cancel button and Esc do
            return first.detailProperty().get();
        });
        assertEquals("Cancelling…", said);
        waitFor(30, () -> first.state() == ItemState.CANCELLED);
        long stopMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("Cancel of a running " + BIG + "×" + BIG + " bicubic job: engine stopped after "
                + services.queue().lastStopMillis() + " ms, test saw CANCELLED after " + stopMillis + " ms");
        waitFor(30, () -> second.state() == ItemState.DONE);
        assertEquals(List.of(out.resolve("next_x4.png")), outputs(), "the cancelled photo left no file");
        assertEquals("Cancelled; nothing was written.", fx(() -> first.detailProperty().get()));
        // Bicubic checks the cancel token row by row, so the engine stops within a second.
        assertTrue(services.queue().lastStopMillis() >= 0 && services.queue().lastStopMillis() < 1_000,
                services.queue().lastStopMillis() + " ms");
    }

    @Test
    void cancelAllStopsWaitingPhotosAtOnce(FxRobot robot) throws Exception {
        Path big = TestImages.photo(tmp, "big.png", BIG, BIG);
        Path a = TestImages.photo(tmp, "a.png", 40, 40);
        Path b = TestImages.photo(tmp, "b.png", 40, 40);
        QueueItem first = add(big, a, b);
        fx(() -> services.queue().start());
        waitFor(30, () -> first.state() == ItemState.RUNNING);
        long t0 = System.nanoTime();
        fx(() -> services.queue().cancelAll());
        assertTrue(fx(() -> services.queue().items().subList(1, 3).stream()
                .allMatch(i -> i.state() == ItemState.CANCELLED)), "waiting photos cancelled at once");
        waitFor(30, () -> !services.queue().runningProperty().get());
        System.out.println("Cancel all: queue idle after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertEquals(ItemState.CANCELLED, fx(first::state));
        assertTrue(outputs().isEmpty(), "nothing written");
    }

    @Test
    void aPastedImageIsWrittenToATemporaryPngAndQueued(FxRobot robot) throws Exception {
        fx(() -> {
            WritableImage img = new WritableImage(30, 20);
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 30; x++) {
                    img.getPixelWriter().setArgb(x, y, 0xff000000 | x * 8 << 16 | y * 12 << 8 | 90);
                }
            }
            window.actions().addImage(img);
        });
        waitFor(10, () -> services.queue().items().size() == 1);
        QueueItem item = fx(() -> services.queue().items().get(0));
        Path pasted = item.path();
        assertTrue(item.pasted());
        assertTrue(pasted.getFileName().toString().matches("pasted-\\d+\\.png"), pasted.toString());
        BufferedImage back = ImageIO.read(pasted.toFile());
        assertEquals(30, back.getWidth());
        assertEquals(0xff000000 | 29 * 8 << 16 | 19 * 12 << 8 | 90, back.getRGB(29, 19));
        // Its result goes to the output folder, not beside the temporary file.
        waitFor(10, () -> item.headerProperty().get() != null);
        fx(() -> services.queue().start());
        waitFor(30, () -> item.state() == ItemState.DONE);
        assertEquals(out, fx(() -> item.outputs().get("bicubic").file().getParent()));
    }

    @Test
    void aFilePathPastedAsTextIsQueued(FxRobot robot) throws Exception {
        Path photo = TestImages.photo(tmp, "typed.png", 30, 20);
        fx(() -> {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(photo.toUri() + "\n" + "not a path at all\n");
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            window.actions().paste();
        });
        waitFor(10, () -> services.queue().items().size() == 1);
        assertEquals(photo, fx(() -> services.queue().items().get(0).path()));
    }

    @Test
    void saveAsNeverOverwritesAndSaveAllTwiceAddsNothing(FxRobot robot) throws Exception {
        QueueItem item = runOne(robot, TestImages.photo(tmp, "photo.png", 60, 40));
        PhotoView view = shownLoaded();
        FileActions.Source src = fx(view::saveSource);
        assertNotNull(src.written());
        long original = Files.size(out.resolve("photo_x4.png"));
        Path png = fx(() -> window.actions().saveAs(src, out.resolve("photo_x4.png"))).get(30, TimeUnit.SECONDS);
        assertEquals(out.resolve("photo_x4 (2).png"), png);
        assertEquals(original, Files.size(out.resolve("photo_x4.png")), "the existing file is untouched");
        waitFor(5, () -> services.status().messageProperty().get().equals(
                "photo_x4.png already exists, so this was saved as photo_x4 (2).png (SharpStep never replaces files)."));
        Path again = fx(() -> window.actions().saveAs(src, out.resolve("photo_x4 (2).png"))).get(30, TimeUnit.SECONDS);
        assertEquals(out.resolve("photo_x4 (3).png"), again, "no stacked numbers");
        Path jpg = fx(() -> window.actions().saveAs(src, tmp.resolve("exported.jpg"))).get(30, TimeUnit.SECONDS);
        BufferedImage back = ImageIO.read(jpg.toFile());
        assertEquals(240, back.getWidth());
        assertEquals(160, back.getHeight());
        Path other = fx(() -> window.actions().saveAs(src, tmp.resolve("photo.png"))).get(30, TimeUnit.SECONDS);
        assertEquals(tmp.resolve("photo (2).png"), other, "never over the input either");

        Path into = Files.createDirectories(tmp.resolve("all"));
        List<Path> results = List.of(fx(() -> item.outputs().get("bicubic").file()));
        assertEquals(1, fx(() -> window.actions().saveAll(results, into)).get(30, TimeUnit.SECONDS).written().size());
        FileActions.Copied second = fx(() -> window.actions().saveAll(results, into)).get(30, TimeUnit.SECONDS);
        assertEquals(0, second.written().size());
        assertEquals(1, second.alreadyThere());
        try (var s = Files.list(into)) {
            assertEquals(List.of(into.resolve("photo_x4.png")), s.toList());
        }
    }

    /**
     * Live tiles need a pack that works in tiles; bicubic is one step. Runs once fixture packs are in
     * src/test/resources/fixtures/packs (skipped until then).
     */
    @Test
    void finishedTilesAppearWhileATiledPackRuns(FxRobot robot) throws Exception {
        Path root = Paths.get("src/test/resources/fixtures/packs");
        assumeTrue(Files.isDirectory(root), "no fixture packs in this branch yet");
        ModelPack pack = new PackCatalog(List.of(root)).packs().stream()
                .filter(p -> p.manifest().kind() != PackKind.BICUBIC).findFirst().orElse(null);
        assumeTrue(pack != null, "no model fixture pack");
        Path photo = TestImages.photo(tmp, "photo.png", 300, 200);
        int[] liveUpdates = {0};
        QueueItem item = fx(() -> {
            services.settings().packs().add(pack);
            services.settings().packProperty().set(pack);
            services.settings().tileProperty().set(SettingsViewModel.TILES.get(1));
            QueueItem it = services.queue().addPaths(List.of(photo)).get(0);
            return it;
        });
        PhotoView view = fx(() -> services.queue().shownProperty().get());
        fx(() -> view.revisionProperty().addListener(o -> {
            if (item.state() == ItemState.RUNNING) {
                liveUpdates[0]++;
            }
        }));
        waitFor(10, () -> item.headerProperty().get() != null);
        fx(() -> services.queue().start());
        waitFor(300, () -> item.state().isFinal());
        assertEquals(ItemState.DONE, fx(item::state), fx(() -> item.detailProperty().get()));
        assertTrue(liveUpdates[0] >= 2, "tiles shown while running: " + liveUpdates[0]);
        assertEquals(List.of(out.resolve("photo_x" + pack.manifest().scale() + ".png")), outputs());
    }

    /** The seams setting acts only for diffusion packs whose VAE graphs take statistics, and reaches the engine. */
    @Test
    void theSeamsSettingIsForPacksWhoseVaeTakesStatistics(FxRobot robot) throws Exception {
        ModelPack sd = new PackCatalog(List.of(Paths.get("src/test/resources/fixtures/packs"))).packs().stream()
                .filter(p -> p.id().equals("sdvae-fixture")).findFirst().orElseThrow();
        ComboBox<?> seams = robot.lookup("#vaeStatisticsChoice").queryAs(ComboBox.class);
        assertTrue(fx(seams::isDisabled), "bicubic has no VAE");
        fx(() -> {
            services.settings().packs().add(sd);
            services.settings().packProperty().set(sd);
        });
        assertFalse(fx(seams::isDisabled), "the sdvae fixture's graphs take statistics");
        fx(() -> services.settings().vaeStatisticsProperty().set(SettingsViewModel.VAE_STATISTICS.get(1)));
        assertEquals(VaeStatisticsMode.EXACT, fx(() -> services.settings().upscaleOptions().vaeStatistics()));
    }
}
