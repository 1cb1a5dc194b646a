package io.sharpstep.ui.work;

import io.sharpstep.engine.ops.Bicubic;
import io.sharpstep.image.ImageFiles;
import io.sharpstep.image.LoadedImage;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.SourceImage;
import io.sharpstep.ui.model.StatusModel;
import io.sharpstep.ui.viewer.FxImages;
import io.sharpstep.ui.viewer.Raster;
import javafx.application.Platform;
import javafx.scene.image.Image;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Decodes photos off the FX thread, on its own thread so it never waits behind a running job: thumbnails for
 * the queue, the full source for the viewer, and the bicubic ×4 view on demand.
 */
public final class ImageLoader implements AutoCloseable {
    public static final int THUMB = 96;

    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sharpstep-io");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        return t;
    });
    private final Set<Object> pending = Collections.newSetFromMap(new IdentityHashMap<>());
    private final StatusModel status;

    public ImageLoader(StatusModel status) {
        this.status = status;
    }

    /** Loads the queue thumbnail. FX thread. */
    public void thumbnail(QueueItem item) {
        io.execute(() -> {
            Image img = new Image(item.path().toUri().toString(), THUMB, THUMB, true, true, false);
            if (img.isError() || img.getWidth() <= 0) {
                try {
                    LoadedImage li = ImageFiles.read(item.path(), ImageFiles.DEFAULT_MAX_PIXELS);
                    img = FxImages.thumbnail(Raster.of(li.rgb()), THUMB);
                } catch (RuntimeException e) {
                    return; // the job will report why the file cannot be read
                }
            }
            Image done = img;
            Platform.runLater(() -> item.thumbnailProperty().set(done));
        });
    }

    /** Decodes the photo for the viewer unless it is already there or on its way. FX thread. */
    public void source(QueueItem item) {
        if (item.sourceProperty().get() != null || !pending.add(item)) {
            return;
        }
        io.execute(() -> {
            SourceImage s = null;
            String error = null;
            try {
                LoadedImage li = ImageFiles.read(item.path(), ImageFiles.DEFAULT_MAX_PIXELS);
                s = SourceImage.of(li.rgb());
            } catch (RuntimeException | OutOfMemoryError e) {
                error = StatusModel.sentence(e);
            }
            SourceImage done = s;
            String err = error;
            Platform.runLater(() -> {
                pending.remove(item);
                if (done != null && item.sourceProperty().get() == null) {
                    item.sourceProperty().set(done);
                } else if (err != null) {
                    status.info("Cannot show " + item.name() + ": " + err);
                }
            });
        });
    }

    /** Makes the bicubic ×{@code scale} view. FX thread. */
    public void bicubic(QueueItem item, int scale) {
        SourceImage s = item.sourceProperty().get();
        Object key = item.bicubicProperty();
        if (s == null || item.bicubicProperty().get() != null || !pending.add(key)) {
            return;
        }
        io.execute(() -> {
            Raster r = null;
            try {
                r = Raster.of(Bicubic.resized(s.rgb(), s.rgb().width() * scale, s.rgb().height() * scale, () -> { }));
            } catch (RuntimeException | OutOfMemoryError e) {
                Platform.runLater(() -> status.error("Cannot make the bicubic view of " + item.name() + ": "
                        + StatusModel.sentence(e), e));
            }
            Raster done = r;
            Platform.runLater(() -> {
                pending.remove(key);
                if (done != null) {
                    item.bicubicProperty().set(done);
                }
            });
        });
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
