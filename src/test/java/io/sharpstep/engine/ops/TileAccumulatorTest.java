package io.sharpstep.engine.ops;

import io.sharpstep.core.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TileAccumulatorTest {
    @Test
    void weightedAverageWhereTilesOverlap() {
        TileAccumulator acc = new TileAccumulator(1, 3, 1);
        acc.add(new float[] {2, 2}, 0, 0, new float[] {1, 1}, new float[] {1});
        acc.add(new float[] {8, 8}, 1, 0, new float[] {3, 1}, new float[] {1});
        FloatImage r = acc.result();
        assertEquals(2f, r.get(0, 0, 0));
        assertEquals((2 * 1 + 8 * 3) / 4f, r.get(0, 1, 0), 1e-6);
        assertEquals(8f, r.get(0, 2, 0));
    }

    @Test
    void tinyGaussianWeightsStillAverageCorrectly() {
        float[] w = BlendWeights.gaussian(96);
        TileAccumulator acc = new TileAccumulator(1, 96, 96);
        float[] tile = new float[96 * 96];
        java.util.Arrays.fill(tile, 0.7f);
        acc.add(tile, 0, 0, w, w);
        FloatImage r = acc.result();
        assertEquals(0.7f, r.get(0, 0, 0), 1e-6);
        assertEquals(0.7f, r.get(0, 95, 95), 1e-6);
    }

    @Test
    void uncoveredPixelsAreAnError() {
        TileAccumulator acc = new TileAccumulator(1, 4, 1);
        acc.add(new float[] {1, 1}, 0, 0, new float[] {1, 1}, new float[] {1});
        assertThrows(IllegalStateException.class, acc::result);
    }
}
