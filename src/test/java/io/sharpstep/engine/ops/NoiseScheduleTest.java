package io.sharpstep.engine.ops;

import io.sharpstep.engine.pack.Prediction;
import io.sharpstep.engine.pack.SchedulerSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NoiseScheduleTest {
    @Test
    void stableDiffusionAlphaBarAt999() {
        assertEquals(0.0046601, NoiseSchedule.alphaBar("scaled_linear", 0.00085, 0.012, 1000, 999), 5e-8);
        assertEquals(1 - 0.00085, NoiseSchedule.alphaBar("scaled_linear", 0.00085, 0.012, 1000, 0), 1e-12);
    }

    @Test
    void x0StepUsesTheDocumentedConstants() {
        SchedulerSpec s = new SchedulerSpec(999, Prediction.EPSILON, 0.0046601);
        // x0 = (z − 0.9976672·ε) · 14.648828
        assertEquals((1.0 - 0.9976672 * 0.5) * 14.648828, s.x0(1f, 0.5f), 1e-4);
        SchedulerSpec v = new SchedulerSpec(999, Prediction.V, 0.0046601);
        assertEquals(Math.sqrt(0.0046601) * 1 - Math.sqrt(1 - 0.0046601) * 0.5, v.x0(1f, 0.5f), 1e-6);
    }
}
