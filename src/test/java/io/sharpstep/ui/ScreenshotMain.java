package io.sharpstep.ui;

import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.ui.model.ItemState;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.Services;
import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.work.SettingsStore;
import javafx.application.Platform;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Makes docs/screenshot-main.png and the screenshots for checking the window by eye: opens the real window on a
 * real display (run it under xvfb-run, with a window manager for realistic placement), placed as the app places
 * it, enhances a photo with the standard catalogue's default pack (or --pack=ID), and captures the window through
 * the JavaFX robot. Not a test; run by hand:
 * {@code java -cp ... io.sharpstep.ui.ScreenshotMain PHOTO OUT.png [x y [zoom [ORIGINAL|BICUBIC]]] [--pack=ID]
 * [--live=SECONDS] [--views] [--full] [--region=X,Y,W,H] [--no-run] [--settings-scroll=0..1]}
 * (x, y: the view's centre as a share of the photo's width and height; --live: a shot every SECONDS while it
 * runs, OUT-live-N.png; --views: also OUT-fit.png, OUT-100.png, OUT-400.png; --full: the window fills the
 * screen, as for the committed screenshot; --region: a region preview of those photo pixels first, OUT-region.png;
 * --no-run: stop before running the whole photo).
 */
public final class ScreenshotMain {
    private ScreenshotMain() {
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>();
        String packId = null;
        double live = 0;
        boolean views = false;
        boolean full = false;
        boolean run = true;
        int[] region = null;
        double settingsAt = 0;
        for (String a : argv) {
            if (a.startsWith("--pack=")) {
                packId = a.substring(7);
            } else if (a.startsWith("--live=")) {
                live = Double.parseDouble(a.substring(7));
            } else if (a.equals("--views")) {
                views = true;
            } else if (a.equals("--full")) {
                full = true;
            } else if (a.startsWith("--settings-scroll=")) {
                settingsAt = Double.parseDouble(a.substring(18));
            } else if (a.equals("--no-run")) {
                run = false;
            } else if (a.startsWith("--region=")) {
                region = java.util.Arrays.stream(a.substring(9).split(",")).mapToInt(Integer::parseInt).toArray();
            } else {
                args.add(a);
            }
        }
        Path photo = Paths.get(args.get(0));
        Path target = Paths.get(args.get(1));
        double fx = args.size() > 3 ? Double.parseDouble(args.get(2)) : 0.5;
        double fy = args.size() > 3 ? Double.parseDouble(args.get(3)) : 0.5;
        double zoom = args.size() > 4 ? Double.parseDouble(args.get(4)) : 1;
        ViewerViewModel.Before before = args.size() > 5 ? ViewerViewModel.Before.valueOf(args.get(5))
                : ViewerViewModel.Before.ORIGINAL;
        Path tmp = Files.createTempDirectory("sharpstep-shot");
        Path input = Files.copy(photo, tmp.resolve(photo.getFileName()));
        CompletableFuture<Stage> shown = new CompletableFuture<>();
        Services[] services = new Services[1];
        String pack = packId;
        boolean fill = full;
        Platform.startup(() -> {
            services[0] = new Services(PackCatalog.standard(), new SettingsStore(tmp.resolve("ui.properties")));
            Services s = services[0];
            s.settings().outputDirProperty().set(tmp);
            if (pack != null) {
                ModelPack p = s.settings().packs().stream().filter(m -> m.id().equals(pack)).findFirst().orElseThrow();
                s.settings().packProperty().set(p);
            }
            MainWindow w = new MainWindow(s);
            Stage stage = new Stage();
            stage.setTitle("SharpStep — photo enlargement");
            stage.setScene(w.createScene(-1, -1));
            if (fill) {
                var screen = javafx.stage.Screen.getPrimary().getBounds();
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(screen.getWidth());
                stage.setHeight(screen.getHeight());
            } else {
                SharpStepApp.place(stage, null);
            }
            stage.show();
            if (!fill) {
                SharpStepApp.place(stage, null); // again once shown: see SharpStepApp.start
            } else {
                var screen = javafx.stage.Screen.getPrimary().getBounds();
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(screen.getWidth());
                stage.setHeight(screen.getHeight());
            }
            s.queue().addPaths(List.of(input));
            shown.complete(stage);
        });
        Stage stage = shown.get(60, TimeUnit.SECONDS);
        Services s = services[0];
        QueueItem item = call(() -> s.queue().items().get(0));
        while (call(() -> item.headerProperty().get()) == null) {
            Thread.sleep(100);
        }
        double scroll = settingsAt;
        call(() -> {
            ((javafx.scene.control.ScrollPane) stage.getScene().lookup("SettingsPane")).setVvalue(scroll);
            return null;
        });
        Thread.sleep(1500);
        if (region != null) {
            int[] r = region;
            while (call(() -> s.queue().shownProperty().get() == null || s.queue().shownProperty().get().source() == null)) {
                Thread.sleep(100);
            }
            call(() -> {
                s.viewer().regionModeProperty().set(true);
                s.region().preview(new io.sharpstep.core.Rect(r[0], r[1], r[2], r[3]));
                return null;
            });
            Thread.sleep(2000);
            capture(stage, sibling(target, "region-running"));
            while (call(() -> s.region().runningProperty().get())) {
                Thread.sleep(200);
            }
            Thread.sleep(3000);
            capture(stage, sibling(target, "region"));
        }
        if (!run) {
            call(() -> {
                s.close();
                return null;
            });
            Platform.exit();
            System.exit(0);
        }
        call(() -> {
            s.queue().start();
            return null;
        });
        long t0 = System.currentTimeMillis();
        long deadline = t0 + 3_600_000;
        int shot = 0;
        long nextShot = t0 + (long) (live * 1000);
        for (ItemState state = call(item::state); state != ItemState.DONE; state = call(item::state)) {
            if (state.isFinal() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("job ended as " + state + ": "
                        + call(() -> item.detailProperty().get()));
            }
            if (live > 0 && System.currentTimeMillis() >= nextShot) {
                capture(stage, sibling(target, "live-" + (++shot)));
                nextShot += (long) (live * 1000);
            }
            Thread.sleep(200);
        }
        System.out.printf("Done in %.1f s%n", (System.currentTimeMillis() - t0) / 1000.0);
        Thread.sleep(2000);
        if (views) {
            for (double z : new double[] {0, 1, 4}) {
                call(() -> {
                    ViewerViewModel vm = s.viewer();
                    if (z == 0) {
                        vm.zoomToFit();
                    } else {
                        vm.zoomTo(z);
                        vm.centerXProperty().set(vm.imageWidthProperty().get() * fx);
                        vm.centerYProperty().set(vm.imageHeightProperty().get() * fy);
                    }
                    return null;
                });
                Thread.sleep(4000);
                capture(stage, sibling(target, z == 0 ? "fit" : String.valueOf((int) (z * 100))));
            }
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
        Thread.sleep(4000);
        capture(stage, target);
        Runtime rt = Runtime.getRuntime();
        System.out.printf("Heap in use at the end: %d MB of %d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20,
                rt.maxMemory() >> 20);
        call(() -> {
            s.close();
            return null;
        });
        Platform.exit();
        System.exit(0);
    }

    private static Path sibling(Path target, String tag) {
        String n = target.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return target.resolveSibling(n.substring(0, dot) + "-" + tag + n.substring(dot));
    }

    /** The window as the screen shows it. */
    private static void capture(Stage stage, Path target) throws Exception {
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
    }

    static <T> T call(java.util.concurrent.Callable<T> c) throws Exception {
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
