package io.sharpstep.jobs;

import io.sharpstep.engine.Engine;
import io.sharpstep.core.FloatImage;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Rect;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.ops.Bicubic;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RegionPreviewTest {
    private static FloatImage noise(int w, int h) {
        Random r = new Random(7);
        float[] d = new float[3 * w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(256) / 255f;
        }
        return new FloatImage(3, w, h, d);
    }

    @Test
    void bicubicRegionMatchesTheSameRegionOfTheFullResult() {
        FloatImage src = noise(60, 40);
        try (Upscaler up = Engine.open(ModelPack.bicubic(), UpscaleOptions.DEFAULT)) {
            RegionPreview.Result r = RegionPreview.run(src.asSource(8), new Rect(20, 10, 17, 13), 8, up,
                    RunContext.quiet());
            FloatImage full = Bicubic.upscale(src, 4, true);
            assertEquals(new Rect(80, 40, 68, 52), r.outputRegion(4));
            // The margin gives the kernel the same neighbours as in the full run: identical pixels.
            assertArrayEquals(full.crop(80, 40, 68, 52).data(), r.pixels().data(), 0f);
        }
    }

    @Test
    void regionIsClippedToThePhotoAndNormalised() {
        assertEquals(new Rect(0, 5, 10, 15), RegionPreview.clip(new Rect(10, 20, -20, -15), 50, 50));
        assertEquals(new Rect(40, 40, 10, 10), RegionPreview.clip(new Rect(40, 40, 30, 30), 50, 50));
        assertNull(RegionPreview.clip(new Rect(60, 0, 10, 10), 50, 50));
        try (Upscaler up = Engine.open(ModelPack.bicubic(), UpscaleOptions.DEFAULT)) {
            SharpStepException e = assertThrows(SharpStepException.class, () ->
                    RegionPreview.run(noise(8, 8).asSource(8), new Rect(20, 20, 4, 4), 4, up, RunContext.quiet()));
            assertEquals("The selected region lies outside the photo.", e.getMessage());
        }
    }
}
