package io.sharpstep.engine.ops;

import io.sharpstep.core.FloatImage;

/**
 * Mean and variance per channel of an image seen region by region: each region's count, mean and sum of squared
 * deviations in double (two passes over the region), merged with Chan et al.'s pairwise formula, so the result
 * does not depend on how the image was cut beyond rounding in the last bits.
 */
public final class ChannelStats {
    private static final double EPS = 1e-5;

    private final long[] count;
    private final double[] mean;
    private final double[] m2;

    public ChannelStats(int channels) {
        count = new long[channels];
        mean = new double[channels];
        m2 = new double[channels];
    }

    /** Adds every pixel of {@code img}. */
    public synchronized void add(FloatImage img) {
        int n = img.planeSize();
        float[] d = img.data();
        for (int c = 0; c < count.length; c++) {
            double sum = 0;
            for (int i = c * n; i < (c + 1) * n; i++) {
                sum += d[i];
            }
            double mb = sum / n;
            double ss = 0;
            for (int i = c * n; i < (c + 1) * n; i++) {
                double e = d[i] - mb;
                ss += e * e;
            }
            merge(c, n, mb, ss);
        }
    }

    private void merge(int c, long nb, double mb, double m2b) {
        long na = count[c];
        if (na == 0) {
            count[c] = nb;
            mean[c] = mb;
            m2[c] = m2b;
            return;
        }
        long nt = na + nb;
        double delta = mb - mean[c];
        mean[c] += delta * nb / nt;
        m2[c] += m2b + delta * delta * ((double) na * nb / nt);
        count[c] = nt;
    }

    public double mean(int c) {
        return mean[c];
    }

    /** sqrt(unbiased variance + 1e-5), as OSEDiff's AdaIN uses it. */
    public double std(int c) {
        double var = count[c] > 1 ? m2[c] / (count[c] - 1) : 0;
        return Math.sqrt(var + EPS);
    }

    public long count(int c) {
        return count[c];
    }
}
