package io.sharpstep.ui;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;
import io.sharpstep.ui.viewer.Layer;
import io.sharpstep.ui.viewer.Raster;
import io.sharpstep.ui.viewer.ViewRenderer;
import io.sharpstep.ui.work.FxLatest;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiles pasted with clipping, the renderer, and the coalescing of worker reports onto the FX thread. */
class RasterAndCoalescingTest {
    @BeforeAll
    static void toolkit() throws Exception {
        // Started the way TestFX starts it, so window tests running later in this JVM still get their stage.
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void tilesReachingIntoThePaddingAreClipped() {
        Raster r = new Raster(10, 8);
        FloatImage tile = FloatImage.zeros(3, 6, 6);
        Arrays.fill(tile.data(), 1f);
        r.paste(new Rect(7, -2, 6, 6), tile); // 3 columns and 4 rows fall inside
        int painted = 0;
        for (int p : r.pixels()) {
            if (p == 0xffffffff) {
                painted++;
            }
        }
        assertEquals(12, painted);
        assertEquals(0xffffffff, r.get(9, 3));
        assertEquals(0, r.get(6, 0));
        assertEquals(0, r.get(9, 4));
    }

    @Test
    void missingPixelsShowTheOriginalDimmedAndNearestRepeatsPixels() {
        Raster src = new Raster(2, 1);
        src.pixels()[0] = 0xffc8c8c8;
        src.pixels()[1] = 0xff646464;
        Layer nearest = Layer.nearest(src, 4);
        Raster result = new Raster(8, 4);
        result.pixels()[5] = 0xff123456;
        Layer after = Layer.over(Layer.of(result), nearest);
        assertEquals(0xff646464, nearest.argb(7, 3));
        assertEquals(0xff123456, after.argb(5, 0));
        assertEquals(0xff323232, after.argb(6, 0)); // not computed yet: original at half brightness
        int[] out = new int[8 * 4];
        ViewRenderer.render(nearest, after, 4, 1, 4, 2, 8, 4, out);
        assertEquals(0xffc8c8c8, out[0]);
        assertEquals(0xff123456, out[5]);
    }

    @Test
    void aFloodOfReportsReachesTheFxThreadCoalesced() throws Exception {
        List<Integer> seen = new ArrayList<>();
        CountDownLatch last = new CountDownLatch(1);
        int n = 200_000;
        FxLatest<Integer> latest = new FxLatest<>(v -> {
            seen.add(v);
            if (v == n) {
                last.countDown();
            }
        });
        Thread worker = new Thread(() -> {
            for (int i = 1; i <= n; i++) {
                latest.post(i);
            }
        });
        worker.start();
        worker.join();
        assertTrue(last.await(10, TimeUnit.SECONDS), "the last report arrives");
        CountDownLatch drained = new CountDownLatch(1);
        Platform.runLater(drained::countDown);
        drained.await(10, TimeUnit.SECONDS);
        assertEquals(n, seen.get(seen.size() - 1));
        assertTrue(seen.size() < n / 10, "coalesced: " + seen.size() + " FX updates for " + n + " reports");
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) > seen.get(i - 1), "in order");
        }
    }
}
