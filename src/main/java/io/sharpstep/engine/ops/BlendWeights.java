package io.sharpstep.engine.ops;

/** One-dimensional tile weights; a tile's 2-D weight is the product of its row and column weights. */
public final class BlendWeights {
    private BlendWeights() {
    }

    /**
     * OSEDiff's Gaussian tile weights: w(i) = exp(−(i − (n−1)/2)² / n² / 0.02), i.e. σ = 0.1·n. Never zero
     * in double, but corner products reach ~1e-10: accumulate them in float32 or wider.
     */
    public static float[] gaussian(int n) {
        float[] w = new float[n];
        double mid = (n - 1) / 2.0;
        for (int i = 0; i < n; i++) {
            double d = i - mid;
            w[i] = (float) Math.exp(-d * d / ((double) n * n) / 0.02);
        }
        return w;
    }

    /**
     * A feathered edge: 1 in the middle, a linear ramp (i + 0.5) / overlap over the first and last
     * {@code overlap} samples, except at sides that touch the image border, which stay 1.
     */
    public static float[] feather(int n, int overlap, boolean rampStart, boolean rampEnd) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            double v = 1;
            if (overlap > 0 && rampStart) {
                v = Math.min(v, (i + 0.5) / overlap);
            }
            if (overlap > 0 && rampEnd) {
                v = Math.min(v, (n - i - 0.5) / overlap);
            }
            w[i] = (float) v;
        }
        return w;
    }
}
