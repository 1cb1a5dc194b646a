package io.sharpstep.engine.ops;

/**
 * {@link Bicubic}'s taps for one axis: per output pixel the first input, the count and the normalised weights
 * (Pillow's precompute_coeffs), with the Keys kernel and Pillow's 8-bit fixed-point arithmetic.
 */
final class BicubicTaps {
    private static final double A = -0.5;
    private static final double SUPPORT = 2.0;
    /** Pillow's PRECISION_BITS for 8-bit resampling (32 - 8 - 2). */
    static final int PRECISION_BITS = 22;

    final int[] first;
    final int[] count;
    final double[] weight;
    final int width;

    private BicubicTaps(int[] first, int[] count, double[] weight, int width) {
        this.first = first;
        this.count = count;
        this.weight = weight;
        this.width = width;
    }

    static BicubicTaps of(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = SUPPORT * filterScale;
        double ss = 1.0 / filterScale; // Pillow multiplies by the reciprocal (last-bit identical weights)
        int kmax = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        double[] w = new double[outSize * kmax];
        for (int x = 0; x < outSize; x++) {
            double center = (x + 0.5) * scale;
            int xmin = Math.max((int) (center - support + 0.5), 0);
            int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
            double total = 0;
            for (int k = 0; k < xmax; k++) {
                double val = kernel((k + xmin - center + 0.5) * ss);
                w[x * kmax + k] = val;
                total += val;
            }
            for (int k = 0; k < xmax; k++) {
                if (total != 0) {
                    w[x * kmax + k] /= total;
                }
            }
            first[x] = xmin;
            count[x] = xmax;
        }
        return new BicubicTaps(first, count, w, kmax);
    }

    /** The weights as Pillow's normalize_coeffs_8bpc rounds them: 22 fractional bits, half away from 0. */
    int[] fixedPoint() {
        int[] k = new int[weight.length];
        for (int i = 0; i < weight.length; i++) {
            double p = weight[i] * (1 << PRECISION_BITS);
            k[i] = (int) (p < 0 ? p - 0.5 : p + 0.5);
        }
        return k;
    }

    /** Keys cubic convolution kernel, a = -0.5. */
    static double kernel(double x) {
        x = Math.abs(x);
        if (x < 1) {
            return ((A + 2) * x - (A + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * A;
        }
        return 0;
    }

    /** Pillow's clip8: drops the fraction bits and clips to 0..255. */
    static int clip8(int s) {
        int r = s >> PRECISION_BITS;
        return r < 0 ? 0 : Math.min(255, r);
    }
}
