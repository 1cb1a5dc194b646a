package io.sharpstep.engine.ops;

import io.sharpstep.core.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PaddingTest {
    @Test
    void mirrorsWithoutRepeatingTheEdge() {
        FloatImage img = new FloatImage(1, 3, 1, new float[] {1, 2, 3});
        assertArrayEquals(new float[] {1, 2, 3, 2, 1}, Padding.padTo(img, 5, 1).data());
    }

    @Test
    void repeatsTheEdgeWhenTooSmallToMirror() {
        FloatImage img = new FloatImage(1, 2, 1, new float[] {1, 2});
        assertArrayEquals(new float[] {1, 2, 1, 2}, Padding.padTo(img, 4, 1).data());
        assertEquals(64, Padding.roundUp(37, 64));
        assertEquals(64, Padding.roundUp(64, 64));
    }

    @Test
    void mirrorsOnEverySide() {
        FloatImage img = new FloatImage(1, 3, 1, new float[] {1, 2, 3});
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 2}, Padding.pad(img, 2, 0, 6, 1).data());
        FloatImage col = new FloatImage(1, 1, 2, new float[] {5, 6});
        assertArrayEquals(new float[] {6, 5, 6, 5}, Padding.pad(col, 0, 1, 1, 4).data());
    }
}
