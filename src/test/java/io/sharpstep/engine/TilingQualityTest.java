package io.sharpstep.engine;

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

    private static FloatImage run(String pack, UpscaleOptions o, FloatImage in) {
        try (Upscaler up = Engine.open(Fixtures.pack(pack), o)) {
            return up.upscale(in, true, RunContext.quiet());
        }
    }

    @Test
    void latentTilesBlendWithoutVisibleSeams() {
        FloatImage in = Fixtures.syntheticPhoto(192, 160, 7);
        UpscaleOptions whole = new UpscaleOptions(DeviceSpec.CPU, 4096, 4096, 0, null);
        // UNet 32-latent tiles (overlap 16), decoder 16-latent tiles (overlap 4), encoder 128 px (overlap 32).
        UpscaleOptions tiled = new UpscaleOptions(DeviceSpec.CPU, 256, 128, 0, null);
        double psnr = Fixtures.psnr(run("latent-fixture", whole, in), run("latent-fixture", tiled, in));
        System.out.printf("latent pipeline, tiled vs untiled: PSNR %.2f dB%n", psnr);
        assertTrue(psnr >= 40, "PSNR " + psnr);
    }

    @Test
    void directTilesBlendWithoutVisibleSeams() {
        FloatImage in = Fixtures.syntheticPhoto(150, 110, 8);
        UpscaleOptions whole = new UpscaleOptions(DeviceSpec.CPU, 4096, 0, 0, null);
        UpscaleOptions tiled = new UpscaleOptions(DeviceSpec.CPU, 160, 0, 0, null);
        double psnr = Fixtures.psnr(run("direct-fixture", whole, in), run("direct-fixture", tiled, in));
        System.out.printf("direct pipeline, tiled vs untiled: PSNR %.2f dB%n", psnr);
        assertTrue(psnr >= 40, "PSNR " + psnr);
    }

    @Test
    void withoutOverlapTheSeamsShow() {
        // The same tiling with overlap 0 must be measurably worse: proves the test above can fail.
        FloatImage in = Fixtures.syntheticPhoto(150, 110, 8);
        ModelPack noOverlap = ManifestReader.load(Fixtures.copyPack("direct-fixture",
                tmp, s -> s.replaceAll("\"overlap\": \\d+", "\"overlap\": 0")));
        UpscaleOptions whole = new UpscaleOptions(DeviceSpec.CPU, 4096, 0, 0, null);
        UpscaleOptions tiled = new UpscaleOptions(DeviceSpec.CPU, 160, 0, 0, null);
        FloatImage a;
        FloatImage b;
        try (Upscaler up = Engine.open(noOverlap, whole)) {
            a = up.upscale(in, true, RunContext.quiet());
        }
        try (Upscaler up = Engine.open(noOverlap, tiled)) {
            b = up.upscale(in, true, RunContext.quiet());
        }
        double max = Fixtures.maxAbs(a, b) * 255;
        System.out.printf("direct pipeline, tiles without overlap: max |diff| %.1f/255%n", max);
        assertTrue(max > 5, "seams should show without overlap, max " + max);
    }
}
