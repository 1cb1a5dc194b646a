package io.sharpstep.ui;

import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.ui.model.ItemState;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.SettingsStore;
import io.sharpstep.ui.model.ViewerViewModel;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Makes docs/screenshot-main.png: opens the real window on a real display (run it under xvfb-run), enhances a
 * photo with the standard catalogue's default pack, shows it in split view (100 % unless told) and captures the screen
 * through the JavaFX robot. Not a test; run by hand:
 * {@code xvfb-run -s "-screen 0 1440x900x24" java -cp ... io.sharpstep.ui.ScreenshotMain PHOTO OUT.png [x y [zoom]]}
 * (x, y: the view's centre as a share of the photo's width and height).
 */
public final class ScreenshotMain {
    private ScreenshotMain() {
    }

    public static void main(String[] args) throws Exception {
        Path photo = Paths.get(args[0]);
        Path target = Paths.get(args[1]);
        double fx = args.length > 3 ? Double.parseDouble(args[2]) : 0.5;
        double fy = args.length > 3 ? Double.parseDouble(args[3]) : 0.5;
        double zoom = args.length > 4 ? Double.parseDouble(args[4]) : 1;
        ViewerViewModel.Before before = args.length > 5 ? ViewerViewModel.Before.valueOf(args[5])
                : ViewerViewModel.Before.ORIGINAL;
        Path tmp = Files.createTempDirectory("sharpstep-shot");
        Path input = Files.copy(photo, tmp.resolve(photo.getFileName()));
        CompletableFuture<Stage> shown = new CompletableFuture<>();
        Services[] services = new Services[1];
        Platform.startup(() -> {
            services[0] = new Services(PackCatalog.standard(), new SettingsStore(tmp.resolve("ui.properties")));
            services[0].settings().outputDirProperty().set(tmp);
            MainWindow w = new MainWindow(services[0]);
            Stage stage = new Stage();
            stage.setTitle("SharpStep — ×4 photo enhancement");
            Rectangle2D screen = javafx.stage.Screen.getPrimary().getBounds();
            stage.setScene(w.createScene(screen.getWidth(), screen.getHeight()));
            stage.setX(0);
            stage.setY(0);
            stage.show();
            services[0].queue().addPaths(List.of(input));
            services[0].queue().start();
            shown.complete(stage);
        });
        Stage stage = shown.get(60, TimeUnit.SECONDS);
        Services s = services[0];
        QueueItem item = call(() -> s.queue().items().get(0));
        long deadline = System.currentTimeMillis() + 600_000;
        while (call(item::state) != ItemState.DONE) {
            if (call(item::state).isFinal() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("job ended as " + call(item::state) + ": "
                        + call(() -> item.detailProperty().get()));
            }
            Thread.sleep(200);
        }
        call(() -> {
            var vm = s.viewer();
            vm.zoomTo(zoom);
            vm.centerXProperty().set(vm.imageWidthProperty().get() * fx);
            vm.centerYProperty().set(vm.imageHeightProperty().get() * fy);
            vm.setDivider(0.5);
            vm.beforeProperty().set(before);
            return null;
        });
        Thread.sleep(3000);
        WritableImage shot = call(() -> new Robot().getScreenCapture(null, stage.getX(), stage.getY(),
                stage.getWidth(), stage.getHeight(), false));
        int w = (int) shot.getWidth();
        int h = (int) shot.getHeight();
        int[] argb = new int[w * h];
        shot.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        ImageIO.write(out, "png", target.toFile());
        System.out.println("Wrote " + target + " (" + w + "×" + h + ", " + Files.size(target) / 1024 + " KiB)");
        call(() -> {
            s.close();
            return null;
        });
        Platform.exit();
        System.exit(0);
    }

    private static <T> T call(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }
}
