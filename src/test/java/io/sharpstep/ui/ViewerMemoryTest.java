package io.sharpstep.ui;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;
import io.sharpstep.image.LoadedImage;
import io.sharpstep.image.PhotoMetadata;
import io.sharpstep.raster.ResultRaster;
import io.sharpstep.ui.model.PhotoView;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.viewer.Lod;
import io.sharpstep.ui.viewer.TileCache;
import io.sharpstep.ui.viewer.ViewRenderer;
import io.sharpstep.ui.work.ImageLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer's memory while zooming and panning over a 300-megapixel result (20000×15000, in a scratch file):
 * what its caches and overviews hold is counted after every frame and must stay within {@link Lod#BUDGET_BYTES},
 * whatever the zoom; closing the view releases the result and every tile.
 */
class ViewerMemoryTest {
    private static final int W = 20000;
    private static final int H = 15000;

    @TempDir
    Path tmp;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** A 5000×3750 photo computed on demand (no pixels stored), 8 bits. */
    private static PixelSource photo() {
        return new PixelSource() {
            public int channels() { return 3; }
            public int width() { return W / 4; }
            public int height() { return H / 4; }
            public int bits() { return 8; }

            public FloatImage read(Rect r) {
                check(r);
                FloatImage f = FloatImage.zeros(3, r.width(), r.height());
                int n = r.width() * r.height();
                for (int y = 0; y < r.height(); y++) {
                    for (int x = 0; x < r.width(); x++) {
                        int i = y * r.width() + x;
                        f.data()[i] = ((r.x() + x) % 256) / 255f;
                        f.data()[n + i] = ((r.y() + y) % 256) / 255f;
                        f.data()[2 * n + i] = 0.5f;
                    }
                }
                return f;
            }
        };
    }

    @Test
    void zoomingAndPanningOverA300MegapixelResultStaysWithinTheBudget() throws Exception {
        ResultRaster raster = ResultRaster.onDisk(tmp, W, H, 3, 8);
        // A band with known samples across the middle; the rest reads as black (a sparse file: no 900 MB written).
        int band = 64;
        byte[] samples = new byte[W * band * 3];
        for (int y = 0; y < band; y++) {
            for (int x = 0; x < W; x++) {
                samples[(y * W + x) * 3] = (byte) (x % 251);
                samples[(y * W + x) * 3 + 1] = (byte) y;
                samples[(y * W + x) * 3 + 2] = 7;
            }
        }
        raster.write(new Rect(0, 7040, W, band), samples);
        raster.flush();
        samples = null;

        TileCache cache = new TileCache(Lod.TILE_CACHE_BYTES);
        long peak = 0;
        try (ImageLoader loader = new ImageLoader()) {
            PhotoView view = new PhotoView(new QueueItem(tmp.resolve("big.png")), cache, loader, id -> id);
            view.item().shownPackProperty().set("p");
            view.setSource(new LoadedImage(photo(), null, 8, "PNG", PhotoMetadata.NONE));
            view.setResult("p", raster); // the view owns this share now
            long t0 = System.nanoTime();
            while (view.heldBytes() < 2 * 1600 * 1200 * 4L && System.nanoTime() - t0 < 120e9) {
                Thread.sleep(100); // both overviews are made in the background
            }
            System.out.printf("Overviews of 5000×3750 and 20000×15000 made in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            ViewerViewModel vm = new ViewerViewModel();
            vm.setViewport(1920, 1080);
            vm.setImageSize(W, H);
            int[] frame = new int[1920 * 1080];
            double[] zooms = {vm.fitZoom(), 0.1, 0.2, 0.35, 0.5, 1, 2, 4, 8};
            long frames = 0;
            long t1 = System.nanoTime();
            for (ViewerViewModel.Before before : ViewerViewModel.Before.values()) {
                vm.beforeProperty().set(before);
                for (double z : zooms) {
                    long tz = System.nanoTime();
                    vm.zoomTo(z);
                    for (int step = 0; step < 6; step++) {
                        vm.centerXProperty().set(W * (0.1 + 0.15 * step));
                        vm.centerYProperty().set(H * (0.2 + 0.1 * step));
                        PhotoView.Layers l = view.layers(vm, 4);
                        ViewRenderer.render(l.before(), l.after(), 960, null, null, vm.zoomProperty().get(),
                                vm.centerXProperty().get(), vm.centerYProperty().get(), 1920, 1080, frame);
                        frames++;
                        peak = Math.max(peak, cache.bytes() + view.heldBytes());
                    }
                    System.out.printf("  %s at %.3f: %.0f ms a frame%n", before, z, (System.nanoTime() - tz) / 6e6);
                }
            }
            System.out.printf("%d frames of 1920×1080 in %.1f s; viewer memory at most %.1f MB (budget %d MB), "
                    + "tile cache peak %.1f MB%n", frames, (System.nanoTime() - t1) / 1e9, peak / 1e6,
                    Lod.BUDGET_BYTES >> 20, cache.peakBytes() / 1e6);
            assertTrue(peak <= Lod.BUDGET_BYTES, "viewer memory " + peak + " > " + Lod.BUDGET_BYTES);
            assertTrue(cache.peakBytes() <= Lod.TILE_CACHE_BYTES);

            // At 100 % in the written band the after side shows the result's own samples.
            vm.zoomTo(1);
            vm.centerXProperty().set(12345.5);
            vm.centerYProperty().set(7070.5);
            PhotoView.Layers l = view.layers(vm, 4);
            ViewRenderer.render(l.before(), l.after(), 0, null, null, 1, 12345.5, 7070.5, 1920, 1080, frame);
            int p = frame[540 * 1920 + 960]; // screen pixel centre (12346.0, 7071.0): output pixel (12346, 7071)
            assertEquals(0xff000000 | (12346 % 251) << 16 | 31 << 8 | 7, p);

            view.close();
            assertTrue(raster.isReleased(), "the result's share was released");
            assertEquals(0, cache.bytes(), "its tiles left the cache");
        }
    }
}
