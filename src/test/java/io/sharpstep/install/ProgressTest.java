package io.sharpstep.install;

import io.sharpstep.core.Precision;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The install's progress reports: throttled, yet never hiding the end of a step. */
class ProgressTest {
    private final List<InstallListener.Status> seen = new ArrayList<>();
    private final Progress progress = new Progress(
            new InstallPlan(Precision.FP32, List.of(), List.of(), 0, Path.of("pack"), false), seen::add);

    @Test
    void theEndOfAStepIsShownEvenWithinOneThrottlingInterval() {
        progress.phase(InstallListener.Phase.BUILD, "Building the pack");
        progress.fraction(0.2);
        progress.fraction(0.6);
        progress.fraction(1.0);
        InstallListener.Status last = seen.get(seen.size() - 1);
        assertEquals(1.0, last.fraction());
        assertEquals(InstallListener.Phase.BUILD, last.phase());
        assertEquals(0.0, seen.get(0).fraction(), "the phase's start is shown at once");
    }
}
