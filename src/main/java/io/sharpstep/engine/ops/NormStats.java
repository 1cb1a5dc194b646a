package io.sharpstep.engine.ops;

/**
 * GroupNorm statistics for every layer of a VAE graph: mean and (population) variance per layer and group,
 * row-major [layers, groups], as the graph's {@code gn_mean} / {@code gn_var} inputs take them.
 */
public record NormStats(int layers, int groups, float[] mean, float[] var) {
    public NormStats {
        if (mean.length != layers * groups || var.length != layers * groups) {
            throw new IllegalArgumentException("expected " + layers + "x" + groups + " values, found " + mean.length
                    + " and " + var.length);
        }
    }

    /** From a graph's {@code gn_stats} output [layers, 2, groups] (per layer: the means, then the variances). */
    public static NormStats of(float[] gnStats, int layers, int groups) {
        if (gnStats.length != layers * 2 * groups) {
            throw new IllegalArgumentException("expected " + layers * 2 * groups + " gn_stats values, found "
                    + gnStats.length);
        }
        float[] mean = new float[layers * groups];
        float[] var = new float[layers * groups];
        for (int l = 0; l < layers; l++) {
            System.arraycopy(gnStats, 2 * l * groups, mean, l * groups, groups);
            System.arraycopy(gnStats, (2 * l + 1) * groups, var, l * groups, groups);
        }
        return new NormStats(layers, groups, mean, var);
    }

    /**
     * The largest change from {@code other} in units of this layer's standard deviation: |Δmean| / σ and
     * |Δvar| / σ² (σ² + 1e-6, GroupNorm's eps in SD), over every layer and group.
     */
    public double maxChange(NormStats other) {
        double worst = 0;
        for (int i = 0; i < mean.length; i++) {
            double v = Math.max(var[i], 0) + 1e-6;
            worst = Math.max(worst, Math.abs(mean[i] - other.mean[i]) / Math.sqrt(v));
            worst = Math.max(worst, Math.abs(var[i] - other.var[i]) / v);
        }
        return worst;
    }
}
