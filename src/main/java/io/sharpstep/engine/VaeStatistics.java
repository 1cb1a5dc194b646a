package io.sharpstep.engine;

import io.sharpstep.core.Rect;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.ops.GroupStatsPool;
import io.sharpstep.engine.ops.NormStats;
import io.sharpstep.engine.ops.TileCores;
import io.sharpstep.engine.ort.VaeGraph;
import io.sharpstep.engine.pack.GroupNormSpec;

import java.util.List;

/**
 * Settles the GroupNorm statistics that every tile of one VAE part (encoder or decoder) is run with, so the
 * tiles share one tone instead of each normalising itself (../shared/docs/tiled-vae.md). The tile loop stays
 * the caller's: it asks {@link #settle} before the loop, then runs each tile with the result (gn_mix 1), or,
 * when the result is null, with the tile's own statistics (gn_mix 0, a plain graph's behaviour).
 * <ul>
 *   <li>{@link VaeStatisticsMode#SHARED}: one run on an estimate of the whole input (the caller makes it with
 *   {@link io.sharpstep.engine.ops.EstimateInput}: shrunk to one tile's size, rescaled to the full input's
 *   per-channel mean and std), its gn_stats shared by all tiles. About one tile's extra time.</li>
 *   <li>{@link VaeStatisticsMode#EXACT}: the statistics of the whole image, pooled over the tiles' cores (which
 *   partition it; {@link GroupStatsPool}: counts, means, squared deviations and the between-tile term in
 *   double). A pass runs every tile with the current statistics at every layer (the first pass: each tile its
 *   own) and gn_weight = 1 on its core, and pools the cores' gn_stats. Layer k's input depends only on the
 *   layers before it, so after pass p the first p layers are exact whatever the others were: {@code layers}
 *   passes make all exact (one pass per layer, as with truncated graphs, but with one graph). The statistics
 *   of the layers not yet exact can be far off in between (measured: outputs after 3-12 of 22 passes were
 *   worse than per-tile, even NaN), so there is no cheaper partial mode; the passes stop early only if one
 *   changes no statistic by more than {@link #TOLERANCE} of its std, which only the exact statistics can do.
 *   Needs gn_weight.</li>
 * </ul>
 * The statistics differ from an untiled run only by the tiles' missing context (and the mid-block attention,
 * which stays per tile).
 */
public final class VaeStatistics {
    private static final System.Logger LOG = System.getLogger(VaeStatistics.class.getName());
    /** Largest change of any statistic in a pass (in units of its std) at which exact passes stop. */
    static final double TOLERANCE = 1e-4;

    private VaeStatistics() {
    }

    /** Runs the graph once on the estimate input with its own statistics and returns its gn_stats. */
    @FunctionalInterface
    public interface EstimateRun {
        float[] run();
    }

    /**
     * Runs the graph on tile {@code index} of the list given to {@link #settle} with statistics {@code given}
     * (every layer, gn_mix 1; null: each layer its own, gn_mix 0) and pixel weights {@code weights} [tile h ·
     * tile w, latent pixels; 1 on the tile's core] and returns its
     * gn_stats. The output is not needed.
     */
    @FunctionalInterface
    public interface TileRun {
        float[] run(int index, NormStats given, float[] weights);
    }

    /**
     * The statistics for the tile loop of one VAE part, or null when each tile keeps its own (one tile, mode
     * per-tile, or a graph without statistics).
     *
     * @param tiles   the part's tiles in latent pixels (the encoder's divided by the latent factor), in the
     *                order {@code tile} refers to them
     * @param latentW the part's latent width (the tiles cover it)
     * @param latentH its latent height
     */
    public static NormStats settle(VaeStatisticsMode mode, VaeGraph graph, List<Rect> tiles, int latentW,
                                   int latentH, EstimateRun estimate, TileRun tile) {
        GroupNormSpec spec = graph.statistics();
        if (spec == null || tiles.size() <= 1 || mode == VaeStatisticsMode.PER_TILE) {
            return null;
        }
        if (mode == VaeStatisticsMode.EXACT && graph.takesPixelWeights()) {
            return exact(spec, tiles, latentW, latentH, tile);
        }
        if (mode == VaeStatisticsMode.EXACT) {
            LOG.log(System.Logger.Level.WARNING, "exact VAE statistics need a graph with gn_weight; using shared");
        }
        return NormStats.of(estimate.run(), spec.layers(), spec.groups());
    }

    /**
     * The most graph runs {@link #settle} makes for these arguments (exact passes may stop before), for
     * progress: the caller counts them as steps of its stage.
     */
    public static int runs(VaeStatisticsMode mode, VaeGraph graph, int tiles) {
        GroupNormSpec spec = graph.statistics();
        if (spec == null || tiles <= 1 || mode == VaeStatisticsMode.PER_TILE) {
            return 0;
        }
        return mode == VaeStatisticsMode.EXACT && graph.takesPixelWeights() ? spec.layers() * tiles : 1;
    }

    private static NormStats exact(GroupNormSpec spec, List<Rect> tiles, int latentW, int latentH, TileRun tile) {
        List<Rect> cores = TileCores.of(tiles, latentW, latentH);
        NormStats current = null;
        for (int pass = 1; pass <= spec.layers(); pass++) {
            GroupStatsPool pool = new GroupStatsPool(spec.layers(), spec.groups());
            for (int i = 0; i < tiles.size(); i++) {
                Rect core = cores.get(i);
                pool.add(tile.run(i, current, weights(tiles.get(i), core)), (double) core.width() * core.height());
            }
            NormStats next = pool.result();
            double change = current == null ? Double.POSITIVE_INFINITY : next.maxChange(current);
            current = next;
            LOG.log(System.Logger.Level.DEBUG, "exact VAE statistics: pass {0}, largest change {1}", pass, change);
            if (change < TOLERANCE) {
                break;
            }
        }
        return current;
    }

    /** Pixel weights over {@code tile} (latent pixels): 1 inside {@code core}, 0 elsewhere. */
    static float[] weights(Rect tile, Rect core) {
        float[] w = new float[tile.width() * tile.height()];
        for (int y = core.y(); y < core.y() + core.height(); y++) {
            int row = (y - tile.y()) * tile.width() - tile.x();
            for (int x = core.x(); x < core.x() + core.width(); x++) {
                w[row + x] = 1f;
            }
        }
        return w;
    }

    /** Tiles in pixels of the enlarged image as latent tiles (the encoder's tiles lie on the latent grid). */
    public static List<Rect> latentTiles(List<Rect> tiles, int factor) {
        return tiles.stream().map(t -> new Rect(t.x() / factor, t.y() / factor, t.width() / factor,
                t.height() / factor)).toList();
    }
}
