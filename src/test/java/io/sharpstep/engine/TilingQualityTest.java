package io.sharpstep.engine;

import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.RunContext;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tiled against untiled output on a photo-like image: the blending must hide the seams (PSNR ≥ 40 dB), while
 * the fixture graphs' 3×3 receptive fields make every tile border matter.
 */
class TilingQualityTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    private static FloatImage run(ModelPack pack, UpscaleOptions o, FloatImage in) {
        try (Upscaler up = Engine.open(pack, o)) {
            return Fixtures.enlarge(up, in, true, RunContext.quiet());
        }
    }

    private static void assertSeamless(String what, String pack, UpscaleOptions whole, UpscaleOptions tiled,
                                       FloatImage in) {
        ModelPack p = Fixtures.pack(pack);
        double psnr = Fixtures.psnr(run(p, whole, in), run(p, tiled, in));
        System.out.printf("%s, tiled vs untiled: PSNR %.2f dB%n", what, psnr);
        assertTrue(psnr >= 40, "PSNR " + psnr);
    }

    @Test
    void latentTilesBlendWithoutVisibleSeams() {
        // UNet 32-latent tiles (overlap 16), decoder 16-latent tiles (overlap 4), encoder 128 px (overlap 32).
        assertSeamless("latent pipeline", "latent-fixture", new UpscaleOptions(DeviceSpec.CPU, 4096, 4096, 0, null),
                new UpscaleOptions(DeviceSpec.CPU, 256, 128, 0, null), Fixtures.syntheticPhoto(192, 160, 7));
    }

    @Test
    void directTilesBlendWithoutVisibleSeams() {
        assertSeamless("direct pipeline", "direct-fixture", new UpscaleOptions(DeviceSpec.CPU, 4096, 0, 0, null),
                new UpscaleOptions(DeviceSpec.CPU, 160, 0, 0, null), Fixtures.syntheticPhoto(150, 110, 8));
    }

    @Test
    void withoutOverlapTheSeamsShow() {
        // The same tiling with overlap 0 must be measurably worse: proves the test above can fail.
        FloatImage in = Fixtures.syntheticPhoto(150, 110, 8);
        ModelPack noOverlap = ManifestReader.load(Fixtures.copyPack("direct-fixture",
                tmp, s -> s.replaceAll("\"overlap\": \\d+", "\"overlap\": 0")));
        FloatImage a = run(noOverlap, new UpscaleOptions(DeviceSpec.CPU, 4096, 0, 0, null), in);
        FloatImage b = run(noOverlap, new UpscaleOptions(DeviceSpec.CPU, 160, 0, 0, null), in);
        double max = Fixtures.maxAbs(a, b) * 255;
        System.out.printf("direct pipeline, tiles without overlap: max |diff| %.1f/255%n", max);
        assertTrue(max > 5, "seams should show without overlap, max " + max);
    }
}
