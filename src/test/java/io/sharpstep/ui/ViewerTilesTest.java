package io.sharpstep.ui;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;
import io.sharpstep.raster.ResultRaster;
import io.sharpstep.ui.viewer.Argb;
import io.sharpstep.ui.viewer.DisplayColor;
import io.sharpstep.ui.viewer.Layer;
import io.sharpstep.ui.viewer.LiveTiles;
import io.sharpstep.ui.viewer.Lod;
import io.sharpstep.ui.viewer.LodLayer;
import io.sharpstep.ui.viewer.RasterTiles;
import io.sharpstep.ui.viewer.SourceTiles;
import io.sharpstep.ui.viewer.TileCache;
import io.sharpstep.ui.viewer.ViewRenderer;
import io.sharpstep.ui.work.FxLatest;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiles, levels of detail, display colours, the renderer, and the coalescing of worker reports. */
class ViewerTilesTest {
    @BeforeAll
    static void toolkit() throws Exception {
        // Started the way TestFX starts it, so window tests running later in this JVM still get their stage.
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void liveTilesReachingIntoThePaddingAreClipped() {
        LiveTiles live = new LiveTiles(300, 8, DisplayColor.SRGB, 1 << 20);
        FloatImage tile = FloatImage.zeros(3, 60, 6);
        Arrays.fill(tile.data(), 1f);
        live.paint(new Rect(250, -2, 60, 6), tile); // 50 columns and 4 rows fall inside, across two tiles
        int[] a = live.tile(0, 0, 0);
        int[] b = live.tile(0, 1, 0);
        assertEquals(256 * 8, a.length);
        assertEquals(44 * 8, b.length);
        assertEquals(0xffffffff, a[3 * 256 + 255]);
        assertEquals(Argb.UNKNOWN, a[4 * 256 + 255], "row 4 is below the tile");
        assertEquals(Argb.UNKNOWN, a[249], "column 249 is left of the tile");
        assertEquals(0xffffffff, b[3 * 44 + 43]);
        assertNull(live.tile(0, 2, 0));
        assertEquals(0xffffffff, live.overview().argb(299, 0));
    }

    @Test
    void liveTilesStayWithinTheirBudgetAndTheOverviewKeepsTheRest() {
        LiveTiles live = new LiveTiles(4096, 4096, DisplayColor.SRGB, 4L * 256 * 256 * 4);
        FloatImage tile = FloatImage.zeros(3, 256, 256);
        Arrays.fill(tile.data(), 0.5f);
        for (int ty = 0; ty < 16; ty++) {
            for (int tx = 0; tx < 16; tx++) {
                live.paint(new Rect(tx * 256, ty * 256, 256, 256), tile);
            }
        }
        assertTrue(live.bytes() <= 4L * 256 * 256 * 4 + live.overview().bytes(), "bytes " + live.bytes());
        assertNull(live.tile(0, 0, 0), "the oldest tile was let go");
        assertEquals(0xff808080, live.tile(0, 15, 15)[0]);
        assertEquals(0xff808080, live.overview().argb(10, 10), "the overview still has it");
    }

    @Test
    void missingPixelsShowTheOriginalDimmedAndNearestRepeatsPixels() {
        FloatImage src = FloatImage.zeros(3, 2, 1); // planes: pixel 0 is 200 grey, pixel 1 is 100 grey
        for (int c = 0; c < 3; c++) {
            src.data()[c * 2] = 200 / 255f;
            src.data()[c * 2 + 1] = 100 / 255f;
        }
        TileCache cache = new TileCache(1 << 20);
        SourceTiles nearest = SourceTiles.nearest(src.asSource(8), null, 4, DisplayColor.SRGB);
        Layer original = new LodLayer(nearest, null, cache);
        LiveTiles live = new LiveTiles(8, 4, DisplayColor.SRGB, 1 << 20);
        FloatImage one = FloatImage.zeros(3, 1, 1);
        one.data()[0] = 0x12 / 255f;
        one.data()[1] = 0x34 / 255f;
        one.data()[2] = 0x56 / 255f;
        live.paint(new Rect(5, 0, 1, 1), one);
        Layer after = Layer.over(new LodLayer(live, null, cache), original);
        assertEquals(0xff646464, original.sampler(1, 0, 0, 8, 4).argb(7.5, 3.5));
        assertEquals(0xff123456, after.sampler(1, 0, 0, 8, 4).argb(5.5, 0.5));
        assertEquals(0xff323232, after.sampler(1, 0, 0, 8, 4).argb(6.5, 0.5), "not computed: original dimmed");
        int[] out = new int[8 * 4];
        ViewRenderer.render(original, after, 4, null, null, 1, 4, 2, 8, 4, out);
        assertEquals(0xffc8c8c8, out[0]);
        assertEquals(0xff123456, out[5]);
    }

    @Test
    void transparentPixelsAreDrawnOverACheckerboard() {
        ResultRaster r = ResultRaster.inHeap(32, 32, 4, 8);
        byte[] samples = new byte[32 * 32 * 4];
        for (int i = 0; i < 32 * 32; i++) {
            samples[i * 4] = (byte) 255; // red, fully transparent: the hidden colour must not show
        }
        r.write(new Rect(0, 0, 32, 32), samples);
        Layer layer = new LodLayer(RasterTiles.of(r, DisplayColor.SRGB), null, new TileCache(1 << 20));
        int[] out = new int[32 * 32];
        ViewRenderer.render(layer, null, 32, null, null, 1, 16, 16, 32, 32, out);
        assertEquals(ViewRenderer.CHECK_DARK, out[0]);
        assertEquals(ViewRenderer.CHECK_LIGHT, out[8]);
        assertEquals(ViewRenderer.CHECK_DARK, out[8 * 32 + 8]);
    }

    @Test
    void aRegionPlacedInTheImageIsReadAtEveryLevel() {
        ResultRaster r = ResultRaster.inHeap(40, 20, 3, 8);
        byte[] samples = new byte[40 * 20 * 3];
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 40; x++) {
                samples[(y * 40 + x) * 3] = (byte) x;
                samples[(y * 40 + x) * 3 + 1] = (byte) y;
            }
        }
        r.write(new Rect(0, 0, 40, 20), samples);
        RasterTiles t = new RasterTiles(r, DisplayColor.SRGB, new Rect(1001, 503, 40, 20), 2000, 1000);
        int[] l0 = t.tile(0, 2, 1); // level 0, tile (2, 1) = [512, 768) × [256, 512): outside
        assertTrue(Arrays.stream(l0).allMatch(p -> p == Argb.UNKNOWN));
        int[] in = t.tile(0, 1001 / 256, 503 / 256);
        assertEquals(Argb.rgb(0, 0, 0), in[(503 - 256) * 256 + 1001 - 768]);
        assertEquals(Argb.rgb(5, 7, 0), in[(510 - 256) * 256 + 1006 - 768]);
        assertEquals(Argb.UNKNOWN, in[(503 - 256) * 256 + 1000 - 768]);
        // Level 2: every 4th pixel; level pixel (251, 126) is output (1004, 504), inside at (3, 1).
        int[] l2 = t.tile(2, 0, 0);
        assertEquals(Argb.rgb(3, 1, 0), l2[126 * Lod.tileSize(2000, 2, 0) + 251]);
    }

    @Test
    void theLevelFollowsTheZoomAndTheOverviewServesWideViews() {
        assertEquals(0, Lod.levelFor(0.5));
        assertEquals(0, Lod.levelFor(1.9));
        assertEquals(1, Lod.levelFor(2));
        assertEquals(3, Lod.levelFor(9.5));
        ResultRaster r = ResultRaster.inHeap(8000, 10, 3, 8);
        RasterTiles t = RasterTiles.of(r, DisplayColor.SRGB);
        LodLayer withOverview = new LodLayer(t, t.overview(() -> { }), new TileCache(1 << 20));
        assertEquals(-1, withOverview.levelFor(5), "8000 px over a 1600 px overview: 5 output px a screen px");
        assertEquals(1, withOverview.levelFor(2.5));
        assertEquals(0, withOverview.levelFor(1));
    }

    @Test
    void anAdobeLikeProfileIsConvertedForTheScreenAndSrgbPassesUnchanged() {
        DisplayColor srgb = DisplayColor.of(ICC_Profile.getInstance(ColorSpace.CS_sRGB));
        assertFalse(srgb.converts());
        assertEquals(0xff804020, srgb.apply(0xff804020));
        // Linear light: 50 % linear is about 188 in sRGB; black and white stay.
        DisplayColor linear = DisplayColor.of(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB));
        assertTrue(linear.converts());
        int grey = linear.apply(0xff808080);
        assertEquals(188, (grey >> 16) & 0xff, 2);
        assertEquals((grey >> 16) & 0xff, grey & 0xff, 1);
        assertEquals(0xff000000, linear.apply(0xff000000) & 0xfffcfcfc);
        assertEquals(0xfffefefe, linear.apply(0xffffffff) & 0xfffefefe);
        assertEquals(0x80, linear.apply(0x80808080) >>> 24, "alpha kept");
    }

    @Test
    void theTileCacheKeepsToItsBudget() {
        TileCache cache = new TileCache(10 * 1024);
        Object a = new Object();
        for (int i = 0; i < 50; i++) {
            cache.put(a, 0, i, 0, new int[256]);
        }
        assertTrue(cache.bytes() <= 10 * 1024);
        assertTrue(cache.peakBytes() <= 10 * 1024);
        assertNull(cache.get(a, 0, 0, 0));
        cache.drop(a);
        assertEquals(0, cache.bytes());
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
