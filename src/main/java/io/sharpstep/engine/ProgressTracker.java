package io.sharpstep.engine;

import io.sharpstep.core.Progress;
import io.sharpstep.core.ProgressListener;
import io.sharpstep.core.Stage;
import java.util.EnumMap;
import java.util.Map;

/**
 * Turns "tile i of n in stage s" into a job-wide fraction and an ETA. Each stage gets a share of the job in
 * proportion to its expected cost; the fraction only moves when work has really finished, and the ETA is the
 * elapsed time scaled by what is left.
 */
public final class ProgressTracker {
    private final ProgressListener listener;
    private final Map<Stage, double[]> plan = new EnumMap<>(Stage.class);
    private final long start = System.nanoTime();
    private double doneBefore;
    private Stage current;

    /**
     * @param listener where reports go
     * @param shares   each stage's relative cost (need not sum to 1)
     */
    public ProgressTracker(ProgressListener listener, Map<Stage, Double> shares) {
        this.listener = listener;
        double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        for (Map.Entry<Stage, Double> e : shares.entrySet()) {
            plan.put(e.getKey(), new double[] {e.getValue() / total});
        }
    }

    /** Starts a stage of {@code tiles} steps and reports 0 of them. */
    public void begin(Stage stage, int tiles) {
        if (current != null) {
            doneBefore += share(current);
        }
        current = stage;
        report(stage, 0, tiles);
    }

    /** Reports {@code done} of {@code tiles} finished in the current stage. */
    public void step(int done, int tiles) {
        report(current, done, tiles);
    }

    private double share(Stage s) {
        double[] v = plan.get(s);
        return v == null ? 0 : v[0];
    }

    private void report(Stage stage, int done, int tiles) {
        double fraction = Math.min(1, doneBefore + share(stage) * done / Math.max(1, tiles));
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = fraction > 0.02 ? elapsed * (1 - fraction) / fraction : -1;
        listener.onProgress(new Progress(stage, done, tiles, fraction, eta));
    }
}
