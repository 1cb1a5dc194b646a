package io.sharpstep.ui.work;

import io.sharpstep.core.Failures;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.image.ImageFiles;
import io.sharpstep.image.ImageHeader;
import io.sharpstep.image.LoadedImage;
import io.sharpstep.ui.viewer.DisplayColor;
import io.sharpstep.ui.viewer.FxImages;
import javafx.application.Platform;
import javafx.scene.image.Image;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads photos off the FX thread, on threads of its own so it never waits behind a running job: header checks
 * and thumbnails of added files (never a full decode: a thumbnail decodes every n-th pixel), the full photo for
 * the viewer, and in a second thread the viewer's slower work (overviews, tiles of written files). Results are
 * handed to the FX thread.
 */
public final class ImageLoader implements AutoCloseable {
    public static final int THUMB = 96;
    private static final System.Logger LOG = System.getLogger("io.sharpstep.ui");

    /** What checking a file found: its header, or why it cannot be used. */
    public record Checked(ImageHeader header, SharpStepException problem) {
    }

    /** A decode that may be given up before it starts. */
    public static final class Pending {
        private final AtomicBoolean cancelled = new AtomicBoolean();

        public void cancel() {
            cancelled.set(true);
        }

        public boolean isCancelled() {
            return cancelled.get();
        }
    }

    private final ExecutorService io = thread("sharpstep-io");
    private final ExecutorService slow = thread("sharpstep-view");

    private static ExecutorService thread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
    }

    /**
     * Checks {@code file}'s header (size, format, pixel limit) and, if it is usable, makes its thumbnail (upright,
     * in display colours). Both answers come on the FX thread; a thumbnail only for a usable file.
     */
    public void check(Path file, long maxPixels, Consumer<Checked> onChecked, Consumer<Image> onThumbnail) {
        io.execute(() -> {
            Checked c;
            try {
                c = new Checked(ImageFiles.header(file, maxPixels), null);
            } catch (RuntimeException e) {
                c = new Checked(null, Failures.of(e));
            }
            Checked done = c;
            Platform.runLater(() -> onChecked.accept(done));
            if (done.problem() == null) {
                try {
                    LoadedImage small = ImageFiles.readReduced(file, maxPixels, 2 * THUMB);
                    Image thumb = FxImages.thumbnail(small.rgb(), small.alpha(),
                            DisplayColor.of(small.metadata().icc()), THUMB);
                    Platform.runLater(() -> onThumbnail.accept(thumb));
                } catch (RuntimeException | OutOfMemoryError e) {
                    LOG.log(System.Logger.Level.DEBUG, "No thumbnail for " + file, e); // the job will say why
                }
            }
        });
    }

    /** Decodes the whole photo for the viewer; the answer comes on the FX thread unless given up first. */
    public Pending decode(Path file, Consumer<LoadedImage> done, Consumer<SharpStepException> failed) {
        Pending p = new Pending();
        io.execute(() -> {
            if (p.isCancelled()) {
                return;
            }
            try {
                LoadedImage img = ImageFiles.read(file, ImageFiles.DEFAULT_MAX_PIXELS);
                Platform.runLater(() -> {
                    if (!p.isCancelled()) {
                        done.accept(img);
                    }
                });
            } catch (RuntimeException | OutOfMemoryError e) {
                SharpStepException s = Failures.of(e);
                Platform.runLater(() -> failed.accept(s));
            }
        });
        return p;
    }

    /** The thread for the viewer's slower work (overviews, tiles of written files). */
    public ExecutorService viewThread() {
        return slow;
    }

    @Override
    public void close() {
        io.shutdownNow();
        slow.shutdownNow();
    }
}
