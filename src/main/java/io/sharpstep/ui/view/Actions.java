package io.sharpstep.ui.view;

import io.sharpstep.image.ImageFormat;
import io.sharpstep.image.OutputNames;
import io.sharpstep.jobs.InputFiles;
import io.sharpstep.ui.model.ItemState;
import io.sharpstep.ui.model.PhotoView;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.Services;
import io.sharpstep.ui.model.StatusModel;
import io.sharpstep.ui.viewer.FxImages;
import io.sharpstep.ui.work.FileActions;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.Dragboard;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** What the commands do: add, paste, drop, save as, save all. File work runs off the FX thread. */
public final class Actions {
    private final Services services;
    private final Supplier<Window> window;

    public Actions(Services services, Supplier<Window> window) {
        this.services = services;
        this.window = window;
    }

    /** Add photos… (Ctrl+O). */
    public void open() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Add photos");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Photos", InputFiles.EXTENSIONS.stream()
                .map(e -> "*." + e).sorted().collect(Collectors.toList())),
                new FileChooser.ExtensionFilter("All files", "*"));
        startIn(fc::setInitialDirectory);
        List<File> files = keepingWindow(() -> fc.showOpenMultipleDialog(window.get()));
        if (files != null && !files.isEmpty()) {
            remember(files.get(0).toPath().toAbsolutePath().getParent());
            addFiles(files);
        }
    }

    /** Add a folder… (Ctrl+Shift+O): the photos directly inside it. */
    public void openFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Add the photos of a folder");
        startIn(dc::setInitialDirectory);
        File dir = keepingWindow(() -> dc.showDialog(window.get()));
        if (dir != null) {
            remember(dir.toPath());
            addFiles(List.of(dir));
        }
    }

    private void startIn(java.util.function.Consumer<File> set) {
        Path last = services.settings().lastFolder();
        if (last != null && Files.isDirectory(last)) {
            set.accept(last.toFile());
        }
    }

    private void remember(Path dir) {
        if (dir != null) {
            services.settings().setLastFolder(dir);
        }
    }

    /**
     * Runs a modal dialog and puts a maximised window back as it was (some window managers un-maximise the owner
     * when a file dialog opens).
     */
    private <T> T keepingWindow(Supplier<T> dialog) {
        Window w = window.get();
        boolean max = w instanceof Stage st && st.isMaximized();
        try {
            return dialog.get();
        } finally {
            if (max && w instanceof Stage st && !st.isMaximized()) {
                st.setMaximized(true);
            }
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

    /** Paste (Ctrl+V): files, an image (kept as a temporary PNG), or file paths as text. */
    public void paste() {
        Clipboard cb = Clipboard.getSystemClipboard();
        if (cb.hasFiles()) {
            addFiles(cb.getFiles());
        } else if (cb.hasImage()) {
            addImage(cb.getImage());
        } else if (cb.hasString() && !FileActions.pathsIn(cb.getString()).isEmpty()) {
            services.queue().addPaths(FileActions.pathsIn(cb.getString()));
        } else {
            services.status().info("The clipboard holds no image, files or file paths.");
        }
    }

    /** Queues an in-memory image through a temporary PNG; its result goes to the output or pictures folder. */
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
                        services.queue().addPaths(List.of(path), true);
                    }
                }));
    }

    /** Save as… (Ctrl+S): the result shown for the selected photo, in a format and place of the user's choice. */
    public void saveAs() {
        PhotoView view = services.queue().shownProperty().get();
        FileActions.Source src = view == null ? null : view.saveSource();
        if (src == null) {
            services.status().info("Nothing to save yet: enhance the photo (or a region of it) first.");
            return;
        }
        QueueItem item = view.item();
        ImageFormat f = proposedFormat(item, src);
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the enhanced photo as");
        FileChooser.ExtensionFilter png = new FileChooser.ExtensionFilter("PNG", "*.png");
        FileChooser.ExtensionFilter jpg = new FileChooser.ExtensionFilter("JPEG", "*.jpg", "*.jpeg");
        FileChooser.ExtensionFilter tif = new FileChooser.ExtensionFilter("TIFF", "*.tif", "*.tiff");
        fc.getExtensionFilters().addAll(png, jpg, tif);
        fc.setSelectedExtensionFilter(f == ImageFormat.JPEG ? jpg : f == ImageFormat.TIFF ? tif : png);
        Path dir = services.settings().lastFolder() != null ? services.settings().lastFolder()
                : services.settings().outputDirProperty().get() != null ? services.settings().outputDirProperty().get()
                : item.path().toAbsolutePath().getParent();
        if (dir != null && dir.toFile().isDirectory()) {
            fc.setInitialDirectory(dir.toFile());
        }
        int scale = services.viewer().imageWidthProperty().get() / Math.max(1, sourceWidth(view));
        fc.setInitialFileName(OutputNames.stem(item.path()) + "_x" + Math.max(1, scale)
                + (view.savesRegion() ? "_region" : "") + "." + f.extension());
        File file = keepingWindow(() -> fc.showSaveDialog(window.get()));
        if (file != null) {
            remember(file.toPath().toAbsolutePath().getParent());
            saveAs(src, file.toPath());
        }
    }

    private static int sourceWidth(PhotoView v) {
        return v.source() == null ? 1 : v.source().width();
    }

    /** The format chosen in the settings, else the one the result was written in, else the photo's family. */
    private ImageFormat proposedFormat(QueueItem item, FileActions.Source src) {
        ImageFormat chosen = services.settings().formatProperty().get().value();
        if (chosen != null) {
            return chosen;
        }
        if (src.written() != null) {
            return FileActions.formatOf(src.written());
        }
        return FileActions.formatOf(item.path()); // the photo's own family where SharpStep writes it, else PNG
    }

    /** Writes the result to {@code target} (the next free name if it exists) in the background. */
    public CompletableFuture<Path> saveAs(FileActions.Source src, Path target) {
        float q = (float) services.settings().qualityProperty().get();
        boolean meta = services.settings().keepMetadataProperty().get();
        StatusModel status = services.status();
        status.info("Saving " + target.getFileName() + "…");
        return CompletableFuture.supplyAsync(() -> FileActions.saveAs(src, target, q, meta)).whenComplete((p, err) ->
                Platform.runLater(() -> {
                    if (err != null) {
                        status.error(err.getCause() != null ? err.getCause() : err);
                    } else if (p.equals(target)) {
                        status.info("Saved " + p + ".");
                    } else {
                        status.info(target.getFileName() + " already exists, so this was saved as " + p.getFileName()
                                + " (SharpStep never replaces files).");
                    }
                }));
    }

    /** Save all…: copies every finished result into a chosen folder. */
    public void saveAll() {
        List<Path> files = services.queue().items().stream()
                .filter(i -> i.state() == ItemState.DONE)
                .flatMap(i -> i.outputs().values().stream().map(QueueItem.Output::file))
                .filter(Files::isRegularFile).distinct().collect(Collectors.toList());
        if (files.isEmpty()) {
            services.status().info("No finished photos to save yet.");
            return;
        }
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Copy " + files.size() + (files.size() == 1 ? " result" : " results") + " into this folder");
        startIn(dc::setInitialDirectory);
        File dir = keepingWindow(() -> dc.showDialog(window.get()));
        if (dir != null) {
            remember(dir.toPath());
            saveAll(files, dir.toPath());
        }
    }

    /** Copies {@code files} into {@code dir} in the background (the same file already there is not copied again). */
    public CompletableFuture<FileActions.Copied> saveAll(List<Path> files, Path dir) {
        return CompletableFuture.supplyAsync(() -> FileActions.copyAll(files, dir)).whenComplete((c, err) ->
                Platform.runLater(() -> {
                    if (err != null) {
                        services.status().error(err.getCause() != null ? err.getCause() : err);
                    } else {
                        int n = c.written().size();
                        services.status().info("Copied " + n + (n == 1 ? " result" : " results") + " to " + dir
                                + (c.alreadyThere() > 0 ? "; " + c.alreadyThere() + " were there already." : "."));
                    }
                }));
    }
}
