package io.sharpstep.engine.ops;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;
import io.sharpstep.engine.VaeStatisticsAccess;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pooling of per-tile GroupNorm statistics, tile cores and the estimate input, against direct computation. */
class GroupStatsTest {
    @Test
    void pooledStatisticsEqualThoseOfTheWholeIncludingTheSpreadBetweenTiles() {
        // 2 layers x 3 groups; 4 "tiles" of unequal sizes whose means differ a lot (the between-tile term).
        Random rnd = new Random(1);
        int layers = 2;
        int groups = 3;
        int[] sizes = {17, 40, 5, 90};
        double[][] all = new double[layers * groups][];
        for (int i = 0; i < all.length; i++) {
            all[i] = new double[0];
        }
        GroupStatsPool pool = new GroupStatsPool(layers, groups);
        for (int t = 0; t < sizes.length; t++) {
            float[] gn = new float[layers * 2 * groups];
            for (int l = 0; l < layers; l++) {
                for (int g = 0; g < groups; g++) {
                    double[] v = new double[sizes[t]];
                    double sum = 0;
                    for (int k = 0; k < v.length; k++) {
                        v[k] = (float) (3 * t - g + rnd.nextGaussian() * (1 + l));
                        sum += v[k];
                    }
                    double mu = sum / v.length;
                    double ss = 0;
                    for (double x : v) {
                        ss += (x - mu) * (x - mu);
                    }
                    gn[(2 * l) * groups + g] = (float) mu;
                    gn[(2 * l + 1) * groups + g] = (float) (ss / v.length);
                    double[] old = all[l * groups + g];
                    double[] grown = java.util.Arrays.copyOf(old, old.length + v.length);
                    System.arraycopy(v, 0, grown, old.length, v.length);
                    all[l * groups + g] = grown;
                }
            }
            pool.add(gn, sizes[t]);
        }
        NormStats pooled = pool.result();
        for (int i = 0; i < all.length; i++) {
            double mu = java.util.Arrays.stream(all[i]).average().orElseThrow();
            double var = java.util.Arrays.stream(all[i]).map(x -> (x - mu) * (x - mu)).average().orElseThrow();
            assertEquals(mu, pooled.mean()[i], 1e-5 * Math.abs(mu) + 1e-6, "mean " + i);
            assertEquals(var, pooled.var()[i], 1e-5 * var, "variance " + i);
            assertTrue(var > 5, "the between-tile spread must matter here: " + var);
        }
    }

    @Test
    void gnStatsLayoutIsMeansThenVariancesPerLayer() {
        NormStats s = NormStats.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2);
        assertEquals(List.of(1f, 2f, 5f, 6f), List.of(s.mean()[0], s.mean()[1], s.mean()[2], s.mean()[3]));
        assertEquals(List.of(3f, 4f, 7f, 8f), List.of(s.var()[0], s.var()[1], s.var()[2], s.var()[3]));
    }

    @Test
    void tileCoresPartitionTheImageAndSplitOverlapsInTheMiddle() {
        List<Rect> tiles = TileGrid.balanced(64, 40, 32, 16, 8);
        List<Rect> cores = TileCores.of(tiles, 64, 40);
        int[] owner = new int[64 * 40];
        for (int i = 0; i < cores.size(); i++) {
            Rect c = cores.get(i);
            Rect t = tiles.get(i);
            assertTrue(c.x() >= t.x() && c.y() >= t.y() && c.x() + c.width() <= t.x() + t.width()
                    && c.y() + c.height() <= t.y() + t.height(), "core " + c + " outside " + t);
            for (int y = c.y(); y < c.y() + c.height(); y++) {
                for (int x = c.x(); x < c.x() + c.width(); x++) {
                    owner[y * 64 + x]++;
                }
            }
        }
        for (int n : owner) {
            assertEquals(1, n);
        }
        assertEquals(new Rect(0, 0, 24, 20), cores.get(0)); // tiles at x 0, 16, 32 (32 wide): bounds 24, 40
        assertEquals(new Rect(24, 0, 16, 20), cores.get(1));
        float[] w = VaeStatisticsAccess.weights(tiles.get(1), cores.get(1));
        assertEquals(0f, w[7]);
        assertEquals(1f, w[8]);
        assertEquals(1f, w[23]);
        assertEquals(0f, w[24]);
    }

    @Test
    void estimateInputKeepsTheAspectFitsTheAreaAndHasTheFullInputsMoments() {
        assertEquals(List.of(288, 216), List.of(EstimateInput.size(512, 384, 256, 8)[0],
                EstimateInput.size(512, 384, 256, 8)[1]));
        FloatImage src = FloatImage.zeros(2, 120, 80);
        Random rnd = new Random(3);
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 80; y++) {
                for (int x = 0; x < 120; x++) {
                    src.set(c, x, y, (float) (c + 0.01 * x + (x % 2) * 0.5 + rnd.nextGaussian() * 0.05));
                }
            }
        }
        FloatImage e = EstimateInput.of(src, 60, 1);
        // Region by region (as a streaming pipeline reads it) gives the same estimate.
        FloatImage streamed = new EstimateInput.Builder(2, 120, 80, 60, 1).add(src.crop(0, 0, 120, 30), 0, 0)
                .add(src.crop(0, 30, 50, 50), 0, 30).add(src.crop(50, 30, 70, 50), 50, 30).result();
        org.junit.jupiter.api.Assertions.assertArrayEquals(e.data(), streamed.data(), 1e-6f);
        assertTrue(e.width() * e.height() <= 3600 && Math.abs(e.width() / (double) e.height() - 1.5) < 0.05);
        EstimateInput.Moments full = new EstimateInput.Moments(2).add(src);
        EstimateInput.Moments got = new EstimateInput.Moments(2).add(e);
        for (int c = 0; c < 2; c++) {
            assertEquals(full.mean(c), got.mean(c), 0.02 * full.std(c));
            assertEquals(full.std(c), got.std(c), 0.05 * full.std(c));
        }
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : src.data()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (float v : e.data()) {
            assertTrue(v >= lo && v <= hi);
        }
    }
}
