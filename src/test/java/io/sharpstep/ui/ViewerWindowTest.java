package io.sharpstep.ui;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;
import io.sharpstep.image.ImageSaver;
import io.sharpstep.image.PhotoMetadata;
import io.sharpstep.image.SaveOptions;
import io.sharpstep.raster.Picture;
import io.sharpstep.ui.model.ItemState;
import io.sharpstep.ui.model.PhotoView;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.view.CompareView;
import io.sharpstep.ui.viewer.ViewRenderer;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Viewing: region previews, transparency, colour profiles, upright thumbnails, the navigator. */
class ViewerWindowTest extends WindowTestBase {
    @Test
    void aRegionKeepsItsRectangleAndShowsItsResultOnTheBeforeSideToo(FxRobot robot) throws Exception {
        QueueItem item = add(TestImages.photo(tmp, "photo.png", 200, 150));
        shownLoaded();
        robot.clickOn("#regionToggle");
        assertTrue(robot.lookup("#regionToggle").queryAs(ToggleButton.class).isSelected());
        assertTrue(robot.lookup("#regionModeBanner").queryAs(Label.class).isVisible(), "the mode is visible");
        settle();
        CompareView v = window.viewer();
        Bounds b = fx(() -> v.localToScreen(v.getBoundsInLocal()));
        // Left of the divider: the "before" side.
        robot.drag(new Point2D(b.getMinX() + b.getWidth() * 0.15, b.getMinY() + b.getHeight() * 0.35))
                .dropTo(new Point2D(b.getMinX() + b.getWidth() * 0.35, b.getMinY() + b.getHeight() * 0.6));
        waitFor(30, () -> services.region().rectProperty().get() != null && !services.region().runningProperty().get()
                && services.queue().shownProperty().get().regionInput() != null);
        Rect r = fx(() -> services.region().rectProperty().get());
        assertTrue(r.x() + r.width() < 100, "left half: " + r);
        assertTrue(robot.lookup("#regionBar").queryAs(javafx.scene.layout.HBox.class).isVisible(), "rectangle kept");
        assertTrue(fx(() -> services.region().textProperty().get()).startsWith("Bicubic ×4 · "));
        assertEquals(ItemState.WAITING, fx(item::state));
        assertTrue(outputs().isEmpty(), "a region preview writes nothing");
        // Inside the rectangle the viewer draws the region's result, though it lies on the before side.
        settle();
        ViewerViewModel vm = services.viewer();
        PhotoView view = fx(() -> services.queue().shownProperty().get());
        Picture region = fx(() -> view.saveSource().pixels());
        double ox = (r.x() + r.width() / 2.0) * 4;
        double oy = (r.y() + r.height() / 2.0) * 4;
        int sx = (int) ViewRenderer.viewX(ox, fx(() -> vm.viewportWidthProperty().get()), vm.zoomProperty().get(),
                vm.centerXProperty().get());
        int sy = (int) ViewRenderer.viewY(oy, fx(() -> vm.viewportHeightProperty().get()), vm.zoomProperty().get(),
                vm.centerYProperty().get());
        assertTrue(sx < fx(() -> vm.dividerProperty().get()) * vm.viewportWidthProperty().get());
        WritableImage img = fx(v::leftImage);
        int shown = img.getPixelReader().getArgb(sx, sy);
        // The pixel under that screen pixel's centre, read from the region's samples (zoomed out: allow for the 2×2
        // average the renderer takes).
        double z = vm.zoomProperty().get();
        int px = (int) (vm.centerXProperty().get() + (sx + 0.5 - vm.viewportWidthProperty().get() / 2) / z) - r.x() * 4;
        int py = (int) (vm.centerYProperty().get() + (sy + 0.5 - vm.viewportHeightProperty().get() / 2) / z) - r.y() * 4;
        byte[] s = new byte[3];
        region.readBytes(new Rect(px, py, 1, 1), s, 0);
        assertEquals(s[0] & 0xff, (shown >> 16) & 0xff, 12);
        assertEquals(s[1] & 0xff, (shown >> 8) & 0xff, 12);
        // The region's × removes it.
        robot.clickOn("#regionClose");
        waitFor(5, () -> services.region().rectProperty().get() == null);
        assertNull(fx(view::regionInput));
        robot.type(javafx.scene.input.KeyCode.ESCAPE);
        assertFalse(services.viewer().regionModeProperty().get(), "Esc leaves region mode");
    }

    @Test
    void aRegionWaitingForTheEngineCanBeCancelled(FxRobot robot) throws Exception {
        QueueItem big = add(TestImages.photo(tmp, "big.png", 1500, 1500));
        waitFor(10, () -> big.headerProperty().get() != null);
        shownLoaded();
        fx(() -> services.queue().start());
        waitFor(30, () -> big.state() == ItemState.RUNNING);
        fx(() -> services.region().preview(new Rect(10, 10, 50, 50)));
        assertTrue(fx(() -> services.region().runningProperty().get()));
        assertEquals("Waits for the photo that is running…", fx(() -> services.region().textProperty().get()));
        settle();
        robot.clickOn("#regionClose");
        waitFor(60, () -> !services.region().runningProperty().get());
        assertNull(fx(() -> services.region().rectProperty().get()));
        assertTrue(fx(() -> services.status().log().stream().anyMatch(l -> l.contains("Region preview cancelled."))));
        fx(() -> services.queue().cancelAll());
    }

    @Test
    void aPhotoLeavingTheViewReleasesItsPixelsAndComesBackFromItsFile(FxRobot robot) throws Exception {
        QueueItem first = runOne(robot, TestImages.photo(tmp, "first.png", 120, 80));
        PhotoView view = shownLoaded();
        io.sharpstep.raster.ResultRaster held = (io.sharpstep.raster.ResultRaster) fx(() -> view.saveSource().pixels());
        assertFalse(held.isReleased(), "the finished result is held while on screen");
        QueueItem second = add(TestImages.photo(tmp, "second.png", 40, 30));
        fx(() -> services.queue().selectedProperty().set(second));
        assertTrue(held.isReleased(), "released when another photo is shown");
        assertNull(fx(view::source), "its decoded original dropped");
        fx(() -> services.queue().selectedProperty().set(first));
        PhotoView again = shownLoaded();
        assertTrue(again != view);
        fx(() -> {
            services.viewer().zoomTo(1);
            services.viewer().setDivider(0);
        });
        // The after side now comes from first_x4.png, read region by region in the background.
        BufferedImage written = ImageIO.read(out.resolve("first_x4.png").toFile());
        CompareView v = window.viewer();
        ViewerViewModel vm = services.viewer();
        waitFor(30, () -> {
            WritableImage img = v.leftImage();
            int w = (int) img.getWidth();
            int h = (int) img.getHeight();
            int ix = (int) Math.floor(vm.centerXProperty().get() + 0.5);
            int iy = (int) Math.floor(vm.centerYProperty().get() + 0.5);
            int[] px = written.getRaster().getPixel(ix, iy, new int[4]); // the samples as stored
            return !v.isPainting() && img.getPixelReader().getArgb(w / 2, h / 2)
                    == (0xff000000 | px[0] << 16 | px[1] << 8 | px[2]);
        });
        assertEquals("After · Bicubic ×4", v.afterText());
    }

    @Test
    void transparentPixelsShowACheckerboardNotTheirHiddenColour(FxRobot robot) throws Exception {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, x < 32 ? 0x00ff0000 : 0xff2040c0); // left half: transparent red
            }
        }
        Path png = tmp.resolve("alpha.png");
        ImageIO.write(img, "png", png.toFile());
        runOne(robot, png);
        fx(() -> {
            services.viewer().zoomTo(1);
            services.viewer().centerXProperty().set(64);
            services.viewer().centerYProperty().set(128);
            services.viewer().setDivider(0);
        });
        settle();
        WritableImage shown = fx(window.viewer()::leftImage);
        int w = (int) shown.getWidth();
        int h = (int) shown.getHeight();
        int[] row = new int[w];
        shown.getPixelReader().getPixels(0, h / 2, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
        int mid = w / 2;
        long checks = Arrays.stream(row, mid - 60, mid).filter(p -> p == ViewRenderer.CHECK_DARK
                || p == ViewRenderer.CHECK_LIGHT).count();
        assertTrue(checks > 50, "checkerboard where the photo is transparent: " + checks);
        assertTrue(Arrays.stream(row, mid - 60, mid).noneMatch(p -> (p & 0xff0000) == 0xff0000), "no hidden red");
    }

    @Test
    void aPhotoWithAnotherProfileIsShownInScreenColours(FxRobot robot) throws Exception {
        FloatImage grey = FloatImage.zeros(3, 48, 32);
        Arrays.fill(grey.data(), 128 / 255f);
        Path linear = tmp.resolve("linear.png");
        ImageSaver.save(linear, grey, null, new PhotoMetadata(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB)),
                SaveOptions.PNG8);
        QueueItem item = add(linear);
        shownLoaded();
        fx(() -> services.viewer().zoomTo(4));
        settle();
        WritableImage shown = fx(window.viewer()::leftImage);
        int p = shown.getPixelReader().getArgb((int) shown.getWidth() / 2, (int) shown.getHeight() / 2);
        assertEquals(188, (p >> 16) & 0xff, 3, "128 in linear light is about 188 on an sRGB screen");
        waitFor(10, () -> item.thumbnailProperty().get() != null);
        Image thumb = fx(() -> item.thumbnailProperty().get());
        int t = thumb.getPixelReader().getArgb((int) thumb.getWidth() / 2, (int) thumb.getHeight() / 2);
        assertEquals(188, (t >> 16) & 0xff, 3, "the thumbnail too");
    }

    @Test
    void theQueueThumbnailFollowsTheExifOrientation(FxRobot robot) throws Exception {
        // Stored 60×30 with the black half on the left; orientation 6 shows it turned a quarter clockwise: 30×60,
        // black on top.
        QueueItem item = add(TestImages.orientedJpeg(tmp, "turned.jpg", 60, 30, 6));
        waitFor(10, () -> item.thumbnailProperty().get() != null);
        Image thumb = fx(() -> item.thumbnailProperty().get());
        assertTrue(thumb.getHeight() > thumb.getWidth(), thumb.getWidth() + "×" + thumb.getHeight());
        int top = thumb.getPixelReader().getArgb((int) thumb.getWidth() / 2, 2) & 0xff;
        int bottom = thumb.getPixelReader().getArgb((int) thumb.getWidth() / 2, (int) thumb.getHeight() - 3) & 0xff;
        assertTrue(top < 60 && bottom > 200, "top " + top + ", bottom " + bottom);
    }

    @Test
    void theNavigatorShowsWhereTheViewIsAndMovesIt(FxRobot robot) throws Exception {
        runOne(robot, TestImages.photo(tmp, "photo.png", 200, 150));
        settle();
        assertFalse(window.viewer().navigator().isVisible(), "whole photo in view: no navigator");
        fx(() -> services.viewer().zoomTo(4));
        settle();
        assertTrue(window.viewer().navigator().isVisible());
        ViewerViewModel vm = services.viewer();
        double cx = vm.centerXProperty().get();
        Bounds n = fx(() -> window.viewer().navigator().localToScreen(window.viewer().navigator().getBoundsInLocal()));
        robot.clickOn(new Point2D(n.getMaxX() - 4, n.getMaxY() - 4));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.centerXProperty().get() > cx + 200, "moved right: " + cx + " -> " + vm.centerXProperty().get());
        assertTrue(vm.centerYProperty().get() > 450, "moved down: " + vm.centerYProperty().get());
    }

    @Test
    void theErrorBannerLeavesRoomForTheSideLabels(FxRobot robot) throws Exception {
        runOne(robot, TestImages.photo(tmp, "photo.png", 120, 80));
        settle();
        Label before = robot.lookup("#beforeLabel").queryAs(Label.class);
        double calm = fx(before::getLayoutY);
        fx(() -> services.status().error("Something went wrong in a test.", null, "", null));
        waitFor(5, () -> window.notifications().isShowing());
        settle();
        assertTrue(fx(before::getLayoutY) >= calm + 40, "labels moved below the banner");
        assertNotNull(fx(() -> window.notifications().getText()));
        assertNotEquals("", fx(() -> services.status().errorProperty().get()));
    }
}
