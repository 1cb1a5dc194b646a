package io.sharpstep.engine;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.CancelledException;
import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Progress;
import io.sharpstep.core.ProgressListener;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Stage;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-step latent pipeline on the closed-form fixture packs against the Python reference results. */
class LatentPipelineTest {
    private static final UpscaleOptions CPU = UpscaleOptions.DEFAULT.withDevice(DeviceSpec.CPU);

    @TempDir
    Path tmp;

    private FloatImage run(String packId, UpscaleOptions options) {
        ModelPack pack = Fixtures.packMultiple8(packId, tmp);
        try (Upscaler up = Engine.open(pack, options)) {
            return Fixtures.enlarge(up, Fixtures.input40x32(), true, RunContext.quiet());
        }
    }

    private static void assertClose(FloatImage expected, FloatImage actual, double meanTol, double maxTol,
                                    String what) {
        assertEquals(expected.width(), actual.width(), what + " width");
        assertEquals(expected.height(), actual.height(), what + " height");
        double mean = Fixtures.meanAbs(expected, actual) * 255;
        double max = Fixtures.maxAbs(expected, actual) * 255;
        System.out.printf("%s: mean |diff| %.4f/255, max %.4f/255%n", what, mean, max);
        assertTrue(mean <= meanTol && max <= maxTol, what + ": mean " + mean + "/255, max " + max + "/255");
    }

    @Test
    void matchesReferenceWithAdain() {
        assertClose(Fixtures.expected("latent-fixture-40x32-x4.png"), run("latent-fixture", CPU), 0.05, 0.5,
                "adain");
    }

    @Test
    void matchesReferenceBeforeColourFix() {
        UpscaleOptions none = new UpscaleOptions(DeviceSpec.CPU, 0, 0, 0, ColorFix.NONE);
        assertClose(Fixtures.expected("latent-fixture-40x32-x4-nofix.png"), run("latent-fixture", none), 0.05, 0.5,
                "no colour fix");
    }

    @Test
    void matchesReferenceWithWavelet() {
        assertClose(Fixtures.expected("latent-fixture-wavelet-40x32-x4.png"), run("latent-fixture-wavelet", CPU),
                0.05, 0.5, "wavelet");
    }

    @Test
    void feedsFloat16GraphsTheirElementType() {
        assertClose(Fixtures.expected("latent-fixture-fp16-40x32-x4.png"), run("latent-fixture-fp16", CPU), 0.3,
                3, "fp16");
    }

    @Test
    void outputIsExactlyScaleTimesInputEvenWhenPaddingIsNeeded() {
        FloatImage in = Fixtures.syntheticPhoto(37, 29, 1);
        try (Upscaler up = Engine.open(Fixtures.pack("latent-fixture"), CPU)) {
            FloatImage out = Fixtures.enlarge(up, in, true, RunContext.quiet());
            assertEquals(148, out.width());
            assertEquals(116, out.height());
        }
    }

    @Test
    void reportsEveryStageInOrderWithAFractionThatOnlyGrows() {
        List<Progress> seen = new ArrayList<>();
        try (Upscaler up = Engine.open(Fixtures.pack("latent-fixture"), CPU)) {
            Fixtures.enlarge(up, Fixtures.syntheticPhoto(64, 48, 2), true, RunContext.of(seen::add, new CancelToken()));
        }
        List<Stage> stages = seen.stream().map(Progress::stage).distinct().toList();
        assertEquals(List.of(Stage.ENCODE, Stage.UNET, Stage.DECODE, Stage.COLOR_FIX), stages);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).fraction() >= seen.get(i - 1).fraction(), "fraction went back at " + i);
        }
        assertEquals(1.0, seen.get(seen.size() - 1).fraction(), 1e-9);
    }

    @Test
    void cancellingBetweenTilesStopsTheJob() {
        CancelToken cancel = new CancelToken();
        List<Progress> seen = new ArrayList<>();
        ProgressListener listener = p -> {
            seen.add(p);
            if (p.stage() == Stage.UNET && p.tile() == 1) {
                cancel.cancel();
            }
        };
        UpscaleOptions small = new UpscaleOptions(DeviceSpec.CPU, 128, 0, 0, null);
        try (Upscaler up = Engine.open(Fixtures.pack("latent-fixture"), small)) {
            assertThrows(CancelledException.class,
                    () -> Fixtures.enlarge(up, Fixtures.syntheticPhoto(96, 96, 3), true, RunContext.of(listener, cancel)));
        }
        assertTrue(seen.stream().noneMatch(p -> p.stage() == Stage.DECODE), "decoder ran after cancel");
    }

    @Test
    void closingThePipelineClosesEveryModel() {
        LatentPipeline p = (LatentPipeline) Engine.open(Fixtures.pack("latent-fixture"), CPU);
        List<AutoCloseable> models = p.models();
        assertEquals(3, models.size());
        p.close();
        for (AutoCloseable m : models) {
            assertTrue(((io.sharpstep.engine.ort.ModelSession) m).isClosed(), m + " left open");
        }
    }

    @Test
    void aGraphOfTheWrongShapeFailsToLoadSayingWhatWasExpected() {
        SharpStepException e = assertThrows(SharpStepException.class,
                () -> Engine.open(Fixtures.pack("latent-badshape"), CPU));
        System.out.println("bad shape: " + e.getMessage());
        assertTrue(e.getMessage().contains("expected output [1,4,?,?]"), e.getMessage());
        assertTrue(e.getMessage().contains("found") && e.getMessage().contains("[1,3,?,?]"), e.getMessage());
    }

    @Test
    void bicubicStopsWithinASecondOfCancel() throws Exception {
        FloatImage big = Fixtures.syntheticPhoto(1500, 1500, 10);
        CancelToken cancel = new CancelToken();
        java.util.concurrent.atomic.AtomicLong at = new java.util.concurrent.atomic.AtomicLong();
        ProgressListener l = p -> {
            if (p.tile() == 0 && at.get() == 0) {
                at.set(1);
                new Thread(() -> {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    at.set(System.nanoTime());
                    cancel.cancel();
                }).start();
            }
        };
        try (Upscaler up = Engine.open(ModelPack.bicubic(), CPU)) {
            assertThrows(CancelledException.class, () -> Fixtures.enlarge(up, big, true, RunContext.of(l, cancel)));
        }
        double stopped = (System.nanoTime() - at.get()) / 1e9;
        System.out.printf("bicubic 1500² x4 stopped %.3f s after cancel%n", stopped);
        assertTrue(stopped < 1.0, "stopped after " + stopped + " s");
    }
}
