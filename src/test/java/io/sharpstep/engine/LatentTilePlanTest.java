package io.sharpstep.engine;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.engine.pack.LatentManifest;
import io.sharpstep.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatentTilePlanTest {
    private static final LatentManifest FP32 = (LatentManifest) Fixtures.pack("latent-fixture").manifest();
    private static final LatentManifest FP16 = (LatentManifest) Fixtures.pack("latent-fixture-fp16").manifest();
    private static final DeviceInfo CUDA = new DeviceInfo(DeviceKind.CUDA, 0, "");

    @Test
    void smallImagesAreNotTiledInTheVae() {
        LatentTilePlan p = LatentTilePlan.of(FP16, UpscaleOptions.DEFAULT, CUDA, 96, 96, false);
        assertEquals(96, p.decoder());
        assertEquals(768, p.encoder());
        assertEquals(96, p.unet(), "the UNet keeps the pack's tile");
    }

    @Test
    void largeImagesGetTheLargestVaeTileTheBudgetAllows() {
        // 4096² output = 512² latent. fp16 on CUDA, 6 GiB: 96 (104 is estimated at 7.1 GB).
        assertEquals(96, LatentTilePlan.of(FP16, UpscaleOptions.DEFAULT, CUDA, 512, 512, false).decoder());
        // fp32 on the CPU, 4 GiB: 64.
        assertEquals(64, LatentTilePlan.of(FP32, UpscaleOptions.DEFAULT, DeviceInfo.cpu(""), 512, 512, false).decoder());
        UpscaleOptions tight = new UpscaleOptions(DeviceSpec.AUTO, 0, 0, 1L << 30, null);
        assertEquals(32, LatentTilePlan.of(FP32, tight, DeviceInfo.cpu(""), 512, 512, false).decoder()); // 40 needs ~1.4 GB
    }

    @Test
    void userTileSizesWin() {
        UpscaleOptions o = new UpscaleOptions(DeviceSpec.AUTO, 512, 256, 0, null);
        LatentTilePlan p = LatentTilePlan.of(FP32, o, CUDA, 512, 512, false);
        assertEquals(64, p.unet());
        assertEquals(32, p.unetOverlap());
        assertEquals(32, p.decoder());
        assertEquals(16, p.decoderOverlap()); // at least 16 latent where the tile allows (TilePlan.MIN_DECODER_OVERLAP)
        assertEquals(256, p.encoder());
    }

    @Test
    void theStatisticsEstimateIsAsLargeAsTheBudgetAllowsWhateverTheUsersTiles() {
        UpscaleOptions small = new UpscaleOptions(DeviceSpec.AUTO, 0, 256, 0, null);
        LatentTilePlan p = LatentTilePlan.of(FP32, small, DeviceInfo.cpu(""), 512, 512, true);
        assertEquals(32, p.decoder());
        assertEquals(64, p.decoderEstimate(), "one plain decoder run of the budget's size");
        assertEquals(256, p.encoder());
        assertEquals(640, p.encoderEstimate(), "the encoder needs about half the decoder's memory: 80 latent");
        // an image that fits in one run is its own estimate
        LatentTilePlan whole = LatentTilePlan.of(FP32, small, DeviceInfo.cpu(""), 40, 32, true);
        assertEquals(40, whole.decoderEstimate());
    }

    @Test
    void sharedKeysShrinkTheBudgetsTilesUnlessTheWholeImageFitsInOne() {
        DeviceInfo cpu = DeviceInfo.cpu("");
        LatentTilePlan plain = LatentTilePlan.of(FP32, UpscaleOptions.DEFAULT, cpu, 512, 512, false);
        LatentTilePlan keys = LatentTilePlan.of(FP32, UpscaleOptions.DEFAULT, cpu, 512, 512, true);
        assertEquals(64, plain.decoder());
        // a tile run also scores its 56² queries against the estimate's 64² keys
        assertEquals(56, keys.decoder());
        assertTrue(LatentTilePlan.decoderBytes(56, 8, 4, 64L * 64) <= 4L << 30);
        assertTrue(LatentTilePlan.decoderBytes(64, 8, 4, 64L * 64) > 4L << 30);
        // 64² latent fits in one plain run: one tile, no keys needed, nothing shrinks
        assertEquals(64, LatentTilePlan.of(FP32, UpscaleOptions.DEFAULT, cpu, 64, 64, true).decoder());
    }

    @Test
    void estimateGrowsWithTheFourthPowerOfTheTile() {
        long a = LatentTilePlan.decoderBytes(64, 8, 4, 0);
        assertEquals(4 * (6L * 128 * 512 * 512 + 3L * 4096 * 4096) * 4, a);
        assertEquals(4 * (6L * 128 * 512 * 512 + 3L * 4096 * (4096 + 1000)) * 4, LatentTilePlan.decoderBytes(64, 8, 4,
                1000));
    }
}
