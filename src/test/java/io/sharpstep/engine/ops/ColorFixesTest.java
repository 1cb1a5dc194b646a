package io.sharpstep.engine.ops;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.FloatImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ColorFixesTest {
    @Test
    void adainMatchesMeanAndUnbiasedStdOfTheSource() {
        // target 0.1,0.2,0.3,0.4: mean .25, unbiased var .016667; source 0.4,0.5,0.5,0.6: mean .5, var .006667
        FloatImage t = new FloatImage(1, 4, 1, new float[] {0.1f, 0.2f, 0.3f, 0.4f});
        FloatImage s = new FloatImage(1, 4, 1, new float[] {0.4f, 0.5f, 0.5f, 0.6f});
        ColorFixes.apply(ColorFix.ADAIN, t, s);
        double gain = Math.sqrt(0.02 / 3 + 1e-5) / Math.sqrt(0.05 / 3 + 1e-5);
        float[] expected = new float[4];
        float[] in = {0.1f, 0.2f, 0.3f, 0.4f};
        for (int i = 0; i < 4; i++) {
            expected[i] = (float) ((in[i] - 0.25) * gain + 0.5);
        }
        assertArrayEquals(expected, t.data(), 1e-6f);
    }

    @Test
    void adainClampsToTheUnitRange() {
        FloatImage t = new FloatImage(1, 2, 1, new float[] {0, 1});
        FloatImage s = new FloatImage(1, 2, 1, new float[] {-1, 2});
        ColorFixes.adain(t, s);
        assertArrayEquals(new float[] {0, 1}, t.data());
    }

    @Test
    void waveletTakesLowFrequenciesFromTheSource() {
        // A flat source: output = target − lowpass(target) + 0.3. A flat target: output = lowpass(source).
        int w = 40;
        int h = 30;
        FloatImage t = FloatImage.zeros(1, w, h);
        FloatImage flat = FloatImage.zeros(1, w, h);
        java.util.Arrays.fill(flat.data(), 0.3f);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                t.set(0, x, y, ((x + y) % 2 == 0) ? 0.6f : 0.4f);
            }
        }
        FloatImage checker = new FloatImage(1, w, h, t.data().clone());
        ColorFixes.wavelet(t, flat);
        // The checkerboard's mean 0.5 is replaced by 0.3; its ±0.1 detail survives (mostly, away from borders).
        assertEquals(0.3, mean(t), 0.01);
        assertEquals(0.2f, t.get(0, 20, 15), 0.03f); // (20+15) odd: 0.4 − 0.5 + 0.3
        FloatImage flatTarget = FloatImage.zeros(1, w, h);
        java.util.Arrays.fill(flatTarget.data(), 0.9f);
        ColorFixes.wavelet(flatTarget, checker);
        assertEquals(0.5, flatTarget.get(0, 20, 15), 0.02);
    }

    @Test
    void noneOnlyClamps() {
        FloatImage t = new FloatImage(1, 3, 1, new float[] {-0.5f, 0.5f, 1.5f});
        ColorFixes.apply(ColorFix.NONE, t, t);
        assertArrayEquals(new float[] {0, 0.5f, 1}, t.data());
    }

    private static double mean(FloatImage i) {
        double s = 0;
        for (float v : i.data()) {
            s += v;
        }
        return s / i.data().length;
    }
}
