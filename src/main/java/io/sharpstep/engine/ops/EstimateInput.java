package io.sharpstep.engine.ops;

import io.sharpstep.core.FloatImage;

/**
 * The input for estimating a VAE's GroupNorm statistics in one run: the whole input shrunk (nearest
 * sampling, so edges stay sharp) to the largest size one tile's memory allows, then rescaled per channel to the
 * full input's mean and standard deviation and clamped to its range (shrinking loses fine detail, so it loses
 * variance; this gives it back to the first layers).
 */
public final class EstimateInput {
    private EstimateInput() {
    }

    /** Per-channel count, mean, sum of squared deviations, minimum and maximum; can be fed region by region. */
    public static final class Moments {
        private final double[] mean;
        private final double[] m2;
        private final float[] min;
        private final float[] max;
        private long count;

        public Moments(int channels) {
            mean = new double[channels];
            m2 = new double[channels];
            min = new float[channels];
            max = new float[channels];
            java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
            java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        }

        /** Adds every pixel of an image (or of a region of it) with this many channels. */
        public Moments add(FloatImage img) {
            int plane = img.width() * img.height();
            float[] d = img.data();
            for (int c = 0; c < mean.length; c++) {
                double sum = 0;
                float lo = min[c];
                float hi = max[c];
                for (int p = c * plane; p < (c + 1) * plane; p++) {
                    sum += d[p];
                    lo = Math.min(lo, d[p]);
                    hi = Math.max(hi, d[p]);
                }
                double mu = sum / plane;
                double ss = 0;
                for (int p = c * plane; p < (c + 1) * plane; p++) {
                    double e = d[p] - mu;
                    ss += e * e;
                }
                double total = count + plane;
                double delta = mu - mean[c];
                mean[c] += delta * plane / total;
                m2[c] += ss + delta * delta * count * plane / total;
                min[c] = lo;
                max[c] = hi;
            }
            count += plane;
            return this;
        }

        public double mean(int c) {
            return mean[c];
        }

        public double std(int c) {
            return Math.sqrt(m2[c] / count);
        }
    }

    /**
     * The estimate's size: the input's aspect ratio at an area of at most {@code maxSide}², sides multiples of
     * {@code multiple} (at least one multiple), never larger than the input.
     */
    public static int[] size(int width, int height, int maxSide, int multiple) {
        double s = Math.min(1, maxSide / Math.sqrt((double) width * height));
        int w = Math.max(multiple, (int) Math.floor(width * s / multiple) * multiple);
        int h = Math.max(multiple, (int) Math.floor(height * s / multiple) * multiple);
        return new int[] {Math.min(w, width), Math.min(h, height)};
    }

    /** {@code img} rescaled in place per channel to {@code full}'s mean and std, clamped to its range. */
    public static FloatImage rescale(FloatImage img, Moments full) {
        Moments own = new Moments(img.channels()).add(img);
        int plane = img.width() * img.height();
        float[] d = img.data();
        for (int c = 0; c < img.channels(); c++) {
            double gain = own.std(c) > 0 ? full.std(c) / own.std(c) : 0;
            double mu = own.mean(c);
            for (int p = c * plane; p < (c + 1) * plane; p++) {
                double v = (d[p] - mu) * gain + full.mean(c);
                d[p] = (float) Math.max(full.min[c], Math.min(full.max[c], v));
            }
        }
        return img;
    }

    /**
     * Builds the estimate from an input read region by region (for inputs not held whole): each region adds
     * its pixels to the moments and fills the estimate's samples that fall in it. Regions must not overlap and
     * must cover the input before {@link #result()}.
     */
    public static final class Builder {
        private final int srcW;
        private final int srcH;
        private final FloatImage out;
        private final Moments moments;
        private final int[] xs;
        private final int[] ys;
        private long covered;

        public Builder(int channels, int width, int height, int maxSide, int multiple) {
            int[] s = size(width, height, maxSide, multiple);
            srcW = width;
            srcH = height;
            out = FloatImage.zeros(channels, s[0], s[1]);
            moments = new Moments(channels);
            xs = new int[s[0]];
            ys = new int[s[1]];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = Math.min(width - 1, (int) ((i + 0.5) * width / s[0]));
            }
            for (int j = 0; j < ys.length; j++) {
                ys[j] = Math.min(height - 1, (int) ((j + 0.5) * height / s[1]));
            }
        }

        /** Adds the region whose top-left pixel is (x0, y0) of the input. */
        public Builder add(FloatImage region, int x0, int y0) {
            moments.add(region);
            covered += (long) region.width() * region.height();
            for (int j = 0; j < ys.length; j++) {
                int ry = ys[j] - y0;
                if (ry < 0 || ry >= region.height()) {
                    continue;
                }
                for (int i = 0; i < xs.length; i++) {
                    int rx = xs[i] - x0;
                    if (rx >= 0 && rx < region.width()) {
                        for (int c = 0; c < out.channels(); c++) {
                            out.set(c, i, j, region.get(c, rx, ry));
                        }
                    }
                }
            }
            return this;
        }

        /** The nearest-sampled estimate rescaled to the input's moments ({@link #rescale}). */
        public FloatImage result() {
            if (covered != (long) srcW * srcH) {
                throw new IllegalStateException("regions cover " + covered + " of " + (long) srcW * srcH + " pixels");
            }
            return rescale(out, moments);
        }
    }

    /** The whole recipe on an input held in memory: {@link #size}, nearest sampling, {@link #rescale}. */
    public static FloatImage of(FloatImage src, int maxSide, int multiple) {
        return new Builder(src.channels(), src.width(), src.height(), maxSide, multiple).add(src, 0, 0).result();
    }
}
