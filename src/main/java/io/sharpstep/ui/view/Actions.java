package io.sharpstep.ui.view;

import io.sharpstep.image.OutputNames;
import io.sharpstep.jobs.InputFiles;
import io.sharpstep.ui.Services;
import io.sharpstep.ui.model.ItemState;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.ResultImage;
import io.sharpstep.ui.model.StatusModel;
import io.sharpstep.ui.viewer.FxImages;
import io.sharpstep.ui.work.FileActions;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.Dragboard;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** What the menu-like commands do: open, paste, drop, save as, save all. File work runs off the FX thread. */
public final class Actions {
    private final Services services;
    private final Supplier<Window> window;

    public Actions(Services services, Supplier<Window> window) {
        this.services = services;
        this.window = window;
    }

    /** Open… (Ctrl+O). */
    public void open() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Add photos");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Photos", InputFiles.EXTENSIONS.stream()
                .map(e -> "*." + e).sorted().collect(Collectors.toList())),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = fc.showOpenMultipleDialog(window.get());
        if (files != null) {
            addFiles(files);
        }
    }

    /** Open folder…. */
    public void openFolder() {
        File dir = new DirectoryChooser().showDialog(window.get());
        if (dir != null) {
            addFiles(List.of(dir));
        }
    }

    /** What a drop or a paste of files does. */
    public void addFiles(List<File> files) {
        services.queue().addPaths(files.stream().map(File::toPath).collect(Collectors.toList()));
    }

    /** A drop onto the window: files and folders, or an image (e.g. from a browser). */
    public boolean drop(Dragboard db) {
        if (db.hasFiles()) {
            addFiles(db.getFiles());
            return true;
        }
        if (db.hasImage()) {
            addImage(db.getImage());
            return true;
        }
        return false;
    }

    /** Paste (Ctrl+V): files, or an image written to a temporary PNG and queued. */
    public void paste() {
        Clipboard cb = Clipboard.getSystemClipboard();
        if (cb.hasFiles()) {
            addFiles(cb.getFiles());
        } else if (cb.hasImage()) {
            addImage(cb.getImage());
        } else {
            services.status().info("The clipboard holds no image or files.");
        }
    }

    /** Queues an in-memory image through a temporary PNG. */
    public void addImage(Image image) {
        if (image == null || image.getWidth() <= 0) {
            services.status().info("The pasted image is empty.");
            return;
        }
        var awt = FxImages.toAwt(image);
        CompletableFuture.supplyAsync(() -> FileActions.writePasted(awt)).whenComplete((path, err) ->
                Platform.runLater(() -> {
                    if (err != null) {
                        services.status().error(err.getCause() != null ? err.getCause() : err);
                    } else {
                        services.queue().addPaths(List.of(path));
                    }
                }));
    }

    /** Save as… (Ctrl+S): the result shown for the selected photo, in a format and place of the user's choice. */
    public void saveAs() {
        QueueItem item = services.queue().selectedProperty().get();
        ResultImage r = item == null ? null : item.shownResult();
        if (r == null || (r.file() == null && r.region() == null)) {
            services.status().info("Nothing to save yet: enhance the photo (or a region of it) first.");
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the enhanced photo as");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("PNG", "*.png"),
                new FileChooser.ExtensionFilter("JPEG", "*.jpg", "*.jpeg"),
                new FileChooser.ExtensionFilter("TIFF", "*.tif", "*.tiff"));
        Path dir = services.settings().outputDirProperty().get() != null
                ? services.settings().outputDirProperty().get() : item.path().toAbsolutePath().getParent();
        if (dir != null && dir.toFile().isDirectory()) {
            fc.setInitialDirectory(dir.toFile());
        }
        fc.setInitialFileName(OutputNames.stem(item.path()) + "_x4" + (r.region() != null ? "_region" : "") + ".png");
        File f = fc.showSaveDialog(window.get());
        if (f != null) {
            saveAs(r, f.toPath());
        }
    }

    /** Writes the result to {@code target} (a free name beside it if taken) in the background. */
    public CompletableFuture<Path> saveAs(ResultImage r, Path target) {
        float q = (float) services.settings().qualityProperty().get();
        boolean meta = services.settings().keepMetadataProperty().get();
        StatusModel status = services.status();
        return CompletableFuture.supplyAsync(() -> FileActions.saveAs(r, target, q, meta)).whenComplete((p, err) ->
                Platform.runLater(() -> {
                    if (err != null) {
                        status.error(err.getCause() != null ? err.getCause() : err);
                    } else {
                        status.info("Saved " + p + (p.equals(target) ? "." : " (" + target.getFileName()
                                + " already existed)."));
                    }
                }));
    }

    /** Save all…: copies every finished result into a chosen folder. */
    public void saveAll() {
        List<Path> files = services.queue().items().stream()
                .filter(i -> i.state() == ItemState.DONE && i.outputProperty().get() != null)
                .map(i -> i.outputProperty().get()).collect(Collectors.toList());
        if (files.isEmpty()) {
            services.status().info("No finished photos to save yet.");
            return;
        }
        File dir = new DirectoryChooser().showDialog(window.get());
        if (dir == null) {
            return;
        }
        CompletableFuture.supplyAsync(() -> FileActions.copyAll(files, dir.toPath())).whenComplete((written, err) ->
                Platform.runLater(() -> {
                    if (err != null) {
                        services.status().error(err.getCause() != null ? err.getCause() : err);
                    } else {
                        services.status().info("Copied " + written.size() + " results to " + dir + ".");
                    }
                }));
    }
}
