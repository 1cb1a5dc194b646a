package io.sharpstep.engine;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.RunContext;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.raster.ScratchFiles;
import io.sharpstep.raster.Workspace;
import io.sharpstep.testing.Fixtures;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming pipelines against the whole-image computation they replace, for each pack kind and colour fix,
 * on images large enough for several tiles in every stage, several blending blocks and several colour-pass
 * blocks: once with everything in the heap, once with every canvas in scratch files.
 */
class StreamingEquivalenceTest {
    @TempDir
    Path scratch;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"direct-fixture, none", "direct-fixture, adain", "direct-fixture, wavelet",
        "latent-fixture, none", "latent-fixture, adain", "latent-fixture, wavelet"})
    void streamingEqualsWholeImage(String packId, String fix) throws IOException {
        ModelPack pack = Fixtures.pack(packId);
        boolean latent = packId.startsWith("latent");
        // Small tiles so every stage has several; 300×80 → 1200×320: two colour-pass blocks across, two down.
        UpscaleOptions o = new UpscaleOptions(DeviceSpec.CPU, latent ? 256 : 200, latent ? 320 : 0, 0,
                ColorFix.lookup(fix));
        FloatImage in = Fixtures.syntheticPhoto(300, 80, 21);
        FloatImage expected = latent ? WholeImageReference.latent(pack, o, in, true)
                : WholeImageReference.direct(pack, o, in, true);
        try (Upscaler up = Engine.open(pack, o)) {
            FloatImage heap = Fixtures.enlarge(up, in, true, RunContext.quiet());
            FloatImage disk = FloatImage.zeros(3, in.width() * 4, in.height() * 4);
            try (Workspace ws = new Workspace(scratch, 0)) {
                up.upscale(in.asSource(8), disk.asSink(), ws, RunContext.quiet());
            }
            assertClose(expected, heap, packId + " " + fix + " in the heap");
            assertClose(expected, disk, packId + " " + fix + " with scratch files");
        }
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(0, left.count(), "scratch files are gone once the workspace closes");
        }
        assertEquals(0, ScratchFiles.bytesInUse());
    }

    /** The same with VAE GroupNorm statistics: shared (one estimate) and exact (pooled over tile cores). */
    @ParameterizedTest(name = "sdvae-fixture {0}")
    @CsvSource({"shared", "exact", "per-tile"})
    void streamingEqualsWholeImageWithVaeStatistics(String mode) {
        ModelPack pack = Fixtures.pack("sdvae-fixture");
        // 96×64 → 384×256 with VAE tiles of 192 px: 2×2 (encoder) and 3×2 (decoder) tiles that share statistics.
        UpscaleOptions o = new UpscaleOptions(DeviceSpec.CPU, 0, 192, 0, ColorFix.NONE,
                io.sharpstep.core.VaeStatisticsMode.lookup(mode));
        FloatImage in = Fixtures.syntheticPhoto(96, 64, 23);
        FloatImage expected = WholeImageReference.latent(pack, o, in, true);
        if (!mode.equals("per-tile")) {
            FloatImage own = WholeImageReference.latent(pack, o.withVaeStatistics(
                    io.sharpstep.core.VaeStatisticsMode.PER_TILE), in, true);
            double d = 0;
            for (int i = 0; i < own.data().length; i++) {
                d = Math.max(d, Math.abs(own.data()[i] - expected.data()[i]));
            }
            assertTrue(d > 1e-3, "the tiles really share statistics here (" + d + ")");
        }
        try (Upscaler up = Engine.open(pack, o)) {
            FloatImage disk = FloatImage.zeros(3, in.width() * 4, in.height() * 4);
            try (Workspace ws = new Workspace(scratch, 0)) {
                up.upscale(in.asSource(8), disk.asSink(), ws, RunContext.quiet());
            }
            assertClose(expected, disk, "sdvae-fixture " + mode + " with scratch files");
        }
    }

    /**
     * Equal but for float rounding: the issue allows 1/255 where the order of float sums changes, but the same
     * arithmetic in the same order gives the same values, and a halo or block one pixel short already shows as
     * 1e-4 (a wavelet halo of 23 instead of 31 pixels: 3.7e-4).
     */
    private static void assertClose(FloatImage want, FloatImage got, String what) {
        float[] a = want.data();
        float[] b = got.data();
        assertEquals(a.length, b.length, what);
        double worst = 0;
        int differ = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            worst = Math.max(worst, d);
            differ += d > 1e-6 ? 1 : 0;
        }
        assertTrue(worst <= 2e-5, what + ": worst difference " + worst + " (" + worst * 255 + "/255)");
        System.out.printf("%s: worst difference %.2e (%.4f/255), %d of %d values differ by more than 1e-6%n", what,
                worst, worst * 255, differ, a.length);
    }
}
