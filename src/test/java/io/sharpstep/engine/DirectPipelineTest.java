package io.sharpstep.engine;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.CancelledException;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Progress;
import io.sharpstep.core.ProgressListener;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Stage;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The direct pack kind on its fixture against the Python reference. */
class DirectPipelineTest {
    private static final UpscaleOptions CPU = UpscaleOptions.DEFAULT.withDevice(DeviceSpec.CPU);

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    @Test
    void matchesReferenceWithoutBorder() {
        // The reference runs the graph on the bare image (zeros beyond its edges): border 0 does the same.
        ModelPack bare = ManifestReader.load(Fixtures.copyPack("direct-fixture", tmp,
                m -> m.replace("\"tiles\": {", "\"tiles\": {\"border\": 0, ")));
        FloatImage out;
        try (Upscaler up = Engine.open(bare, CPU)) {
            out = Fixtures.enlarge(up, Fixtures.input40x32(), true, RunContext.quiet());
        }
        FloatImage expected = Fixtures.expected("direct-fixture-40x32-x4.png");
        double mean = Fixtures.meanAbs(expected, out) * 255;
        double max = Fixtures.maxAbs(expected, out) * 255;
        System.out.printf("direct: mean |diff| %.4f/255, max %.4f/255%n", mean, max);
        assertTrue(mean < 0.05 && max < 0.5, "mean " + mean + ", max " + max);
    }

    @Test
    void reportsFinishedTilesInOutputPixels() {
        List<Rect> tiles = new ArrayList<>();
        ProgressListener l = new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
            }

            @Override
            public void onTileDone(Rect r, FloatImage px) {
                assertEquals(r.width() * r.height() * 3, px.data().length);
                tiles.add(r);
            }
        };
        try (Upscaler up = Engine.open(Fixtures.pack("direct-fixture"),
                new UpscaleOptions(DeviceSpec.CPU, 256, 0, 0, null))) {
            Fixtures.enlarge(up, Fixtures.syntheticPhoto(100, 70, 4), true, RunContext.of(l, new CancelToken()));
        }
        // 100×70 with a mirrored border of 10 = 120×90 input; tiles of at most 64 (overlap 16), balanced:
        // 56×56 at x 0, 40, 64 and y 0, 34; regions in output pixels of the image, so the first starts at −40
        // and the last ends at 440, 320.
        assertEquals(3 * 2, tiles.size());
        assertTrue(tiles.stream().allMatch(t -> t.width() == 224 && t.height() == 224), tiles.toString());
        assertTrue(tiles.stream().anyMatch(t -> t.x() == -40 && t.y() == -40), tiles.toString());
        assertTrue(tiles.stream().anyMatch(t -> t.x() + t.width() == 440 && t.y() + t.height() == 320),
                tiles.toString());
    }

    @Test
    void closingThePipelineClosesTheModel() {
        DirectPipeline p = (DirectPipeline) Engine.open(Fixtures.pack("direct-fixture"), CPU);
        p.close();
        assertTrue(p.model().isClosed());
    }

    @Test
    void cancelStopsAModelRunInFlight() {
        // slow-direct: 200 chained convolutions in one tile; ORT checks RunOptions' terminate between nodes.
        FloatImage img = Fixtures.syntheticPhoto(256, 256, 9);
        try (Upscaler up = Engine.open(Fixtures.pack("slow-direct"), CPU)) {
            Timings t = new Timings();
            Fixtures.enlarge(up, img, true, new RunContext(ProgressListener.NONE, new CancelToken(), t));
            double run = t.seconds(Timings.Part.MODEL);
            CancelToken cancel = new CancelToken();
            java.util.concurrent.atomic.AtomicLong cancelledAt = new java.util.concurrent.atomic.AtomicLong();
            ProgressListener l = p -> {
                if (p.stage() == Stage.MODEL && p.tile() == 0) {
                    new Thread(() -> {
                        sleep(run * 0.3);
                        cancelledAt.set(System.nanoTime());
                        cancel.cancel();
                    }).start();
                }
            };
            org.junit.jupiter.api.Assertions.assertThrows(CancelledException.class,
                    () -> Fixtures.enlarge(up, img, true, RunContext.of(l, cancel)));
            double stopped = (System.nanoTime() - cancelledAt.get()) / 1e9;
            System.out.printf("model run %.3f s; stopped %.3f s after cancel%n", run, stopped);
            assertTrue(stopped < run * 0.5, "took " + stopped + " s of a " + run + " s run to stop");
        }
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
