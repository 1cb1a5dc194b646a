package io.sharpstep.ui.viewer;

import javafx.application.Platform;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Draws viewer frames on its own thread so the FX thread never resamples pixels. Requests are coalesced:
 * while one frame is drawn, newer requests replace each other and only the latest is drawn next; finished
 * frames are handed to the FX thread with {@link Platform#runLater}.
 */
public final class ViewPainter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.sharpstep.ui");
    /**
     * One viewport image to draw: layers in [0, splitX) and from splitX on, at zoom about (cx, cy); inside
     * {@code region} (output pixels, or null) {@code regionLayer} on either side.
     */
    public record Pass(Layer left, Layer right, int splitX, Layer regionLayer, io.sharpstep.core.Rect region,
                       double zoom, double cx, double cy, int width, int height) {
    }

    /** All passes of one frame (one in split view, two side by side), with a token for the FX side. */
    public record Frame(List<Pass> passes, Object token) {
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sharpstep-paint");
        t.setDaemon(true);
        return t;
    });
    private record Entry(Frame frame, long seq) {
    }

    private final AtomicReference<Entry> next = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong requested = new AtomicLong();
    private final BiConsumer<Frame, int[][]> onFx;
    private volatile long shown;

    /** {@code onFx} receives each drawn frame (one ARGB buffer per pass) on the FX thread. */
    public ViewPainter(BiConsumer<Frame, int[][]> onFx) {
        this.onFx = onFx;
    }

    /** Asks for a frame; replaces any frame not yet started. Any thread. */
    public void request(Frame f) {
        if (thread.isShutdown()) {
            return; // the window is gone
        }
        next.set(new Entry(f, requested.incrementAndGet()));
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Closed meanwhile: nothing left to paint for.
            }
        }
    }

    /** Whether a requested frame has not reached the FX thread yet. */
    public boolean isBusy() {
        return shown < requested.get() && !thread.isShutdown();
    }

    private void drain() {
        scheduled.set(false);
        Entry e = next.getAndSet(null);
        if (e == null) {
            return;
        }
        Frame f = e.frame();
        int[][] out = new int[f.passes().size()][];
        for (int i = 0; i < out.length; i++) {
            Pass p = f.passes().get(i);
            out[i] = new int[p.width() * p.height()];
            try {
                ViewRenderer.render(p.left(), p.right(), p.splitX(), p.regionLayer(), p.region(), p.zoom(), p.cx(),
                        p.cy(), p.width(), p.height(), out[i]);
            } catch (RuntimeException | OutOfMemoryError ex) {
                // A tile that cannot be read (file gone, disk error) must not stop the painter: show what there is.
                LOG.log(System.Logger.Level.WARNING, "A viewer frame could not be drawn", ex);
                java.util.Arrays.fill(out[i], ViewRenderer.BACKGROUND);
            }
        }
        Platform.runLater(() -> {
            onFx.accept(f, out);
            shown = e.seq();
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
