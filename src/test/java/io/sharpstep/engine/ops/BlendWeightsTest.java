package io.sharpstep.engine.ops;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BlendWeightsTest {
    @Test
    void gaussianMatchesOseDiffFormula() {
        float[] w = BlendWeights.gaussian(96);
        // exp(-(i-47.5)^2/96^2/0.02): centre pair 0.99864, edges exp(-12.24) = 4.83e-6.
        assertEquals(Math.exp(-0.25 / 9216 / 0.02), w[47], 1e-7);
        assertEquals(w[47], w[48], 0);
        assertEquals(Math.exp(-47.5 * 47.5 / 9216 / 0.02), w[0], 1e-12);
        assertEquals(4.83e-6, w[95], 0.01e-6);
        // the corner of a tile (w0·w0) ~ 2.3e-11 is still > 0 in float32: no 0/0 where only corners overlap.
        float corner = w[0] * w[0];
        assertEquals(true, corner > 0);
    }

    @Test
    void featherRampsOnlyTowardsNeighbours() {
        assertArrayEquals(new float[] {0.125f, 0.375f, 0.625f, 0.875f, 1, 1, 1, 1},
                BlendWeights.feather(8, 4, true, false));
        assertArrayEquals(new float[] {1, 1, 1, 1, 0.875f, 0.625f, 0.375f, 0.125f},
                BlendWeights.feather(8, 4, false, true));
        assertArrayEquals(new float[] {1, 1, 1}, BlendWeights.feather(3, 0, true, true));
    }

    @Test
    void overlappingRampsSumToOne() {
        float[] a = BlendWeights.feather(8, 4, false, true);
        float[] b = BlendWeights.feather(8, 4, true, false);
        for (int i = 0; i < 4; i++) {
            assertEquals(1f, a[4 + i] + b[i], 1e-6);
        }
    }
}
