package io.sharpstep.engine.ops;

/**
 * Pools per-tile GroupNorm statistics into those of the whole image, in double: each tile contributes its
 * count n (pixels of its core; every layer's count is that times a constant, which cancels), mean μ and sum
 * of squared deviations n·σ², combined pairwise (Chan et al.) so the between-tile spread of the means is
 * counted: M2 = M2a + M2b + (μb − μa)²·na·nb / (na + nb). Exact when the cores partition the image.
 */
public final class GroupStatsPool {
    private final int layers;
    private final int groups;
    private final double[] mean;
    private final double[] m2;
    private double count;

    public GroupStatsPool(int layers, int groups) {
        this.layers = layers;
        this.groups = groups;
        this.mean = new double[layers * groups];
        this.m2 = new double[layers * groups];
    }

    /** Adds one tile core's {@code gn_stats} [layers, 2, groups] taken over {@code pixels} pixels. */
    public void add(float[] gnStats, double pixels) {
        if (!(pixels > 0)) {
            throw new IllegalArgumentException("pixels " + pixels);
        }
        NormStats s = NormStats.of(gnStats, layers, groups);
        double total = count + pixels;
        for (int i = 0; i < mean.length; i++) {
            double delta = s.mean()[i] - mean[i];
            mean[i] += delta * pixels / total;
            m2[i] += (double) s.var()[i] * pixels + delta * delta * count * pixels / total;
        }
        count = total;
    }

    /** The pooled statistics (population variance M2 / n). */
    public NormStats result() {
        if (count == 0) {
            throw new IllegalStateException("no tile added");
        }
        float[] mu = new float[mean.length];
        float[] var = new float[mean.length];
        for (int i = 0; i < mean.length; i++) {
            mu[i] = (float) mean[i];
            var[i] = (float) (m2[i] / count);
        }
        return new NormStats(layers, groups, mu, var);
    }
}
