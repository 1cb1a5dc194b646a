package io.sharpstep.engine;

import io.sharpstep.core.Rect;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.ops.CoreKeys;
import io.sharpstep.engine.ops.GroupStatsPool;
import io.sharpstep.engine.ops.KeyValues;
import io.sharpstep.engine.ops.NormStats;
import io.sharpstep.engine.ops.TileCores;
import io.sharpstep.engine.ort.VaeGraph;
import io.sharpstep.engine.pack.GroupNormSpec;

import java.util.List;

/**
 * Settles the context every tile of one VAE part (encoder or decoder) is run with, so the tiles share one tone
 * and one view of the picture instead of each normalising and attending only to itself
 * (../shared/docs/tiled-vae.md, docs/benchmarks.md "Tiled VAE"): GroupNorm statistics and, for graphs that take
 * them, the mid-block attention's keys and values. The tile loop stays the caller's: it asks {@link #settle}
 * before the loop, then runs each tile with the result (gn_mix 1; the keys as {@link Shared#tileKeys} says), or,
 * when the result is null, as a plain graph does (each tile its own).
 * <ul>
 *   <li>{@link VaeStatisticsMode#SHARED}: one run on an estimate of the whole input (the caller makes it with
 *   {@link io.sharpstep.engine.ops.EstimateInput}: shrunk to the largest size one run's memory allows, rescaled
 *   to the full input's per-channel mean and std); its gn_stats and its attention's keys and values are shared by
 *   all tiles, so every tile attends to the whole picture, and all alike. About one tile's extra time.</li>
 *   <li>{@link VaeStatisticsMode#EXACT}: the statistics of the whole image, pooled over the tiles' cores (which
 *   partition it; {@link GroupStatsPool}: counts, means, squared deviations and the between-tile term in
 *   double). A pass runs every tile with the current statistics at every layer (the first pass: each tile its
 *   own) and gn_weight = 1 on its core, and pools the cores' gn_stats. Layer k's input depends only on the
 *   layers before it, so after pass p the first p layers are exact whatever the others were: {@code layers}
 *   passes make all exact (one pass per layer, as with truncated graphs, but with one graph). The statistics
 *   of the layers not yet exact can be far off in between (measured: outputs after 3-12 of 22 passes were
 *   worse than per-tile, even NaN), so there is no cheaper partial mode; the passes stop early only if one
 *   changes no statistic by more than {@link #TOLERANCE} of its std, which only the exact statistics can do.
 *   Needs gn_weight. The attention's keys and values come from the tiles' cores too, at full resolution
 *   (subsampled to what one run's budget allows): each pass gathers them for the next.</li>
 * </ul>
 * What remains between tiled and untiled is the tiles' missing context through convolutions at their borders
 * and, with shared keys, their coarser view of the picture (an estimate's, or a subsampled one).
 */
public final class VaeStatistics {
    private static final System.Logger LOG = System.getLogger(VaeStatistics.class.getName());
    /** Largest change of any statistic in a pass (in units of its std) at which exact passes stop. */
    static final double TOLERANCE = 1e-4;

    private VaeStatistics() {
    }

    /**
     * What the tiles of one part share: GroupNorm statistics (null: each tile its own) and the whole picture's
     * attention keys and values (null: each tile attends to itself only), either an estimate's ({@code grid}
     * null) or gathered from the tiles' cores at full resolution ({@link CoreKeys}).
     */
    public record Shared(NormStats stats, KeyValues keys, CoreKeys grid) {
        public Shared(NormStats stats, KeyValues keys) {
            this(stats, keys, null);
        }

        /**
         * How the tile at {@code latentTile} attends, or null: to itself only. An estimate's keys: to those only,
         * the same for every tile, so no tile sees the picture differently from its neighbour (an estimate's
         * features differ from a tile's own, so mixing the two would differ from tile to tile). Core keys: to its
         * own and the grid's outside it ({@link CoreKeys#forTile}).
         */
        public KeyValues.TileKeys tileKeys(Rect latentTile) {
            return keys == null ? null : grid == null ? KeyValues.TileKeys.only(keys) : grid.forTile(keys, latentTile);
        }
    }

    /** Runs the graph once on the estimate input with its own statistics and keys; returns its result. */
    @FunctionalInterface
    public interface EstimateRun {
        VaeGraph.Result run();
    }

    /**
     * Runs the graph on tile {@code index} of the list given to {@link #settle} with statistics {@code given}
     * (every layer, gn_mix 1; null: each layer its own, gn_mix 0), attention keys {@code keys} (null: its own only)
     * and pixel weights {@code weights} [tile h · tile w, latent pixels; 1 on the tile's core] and returns the
     * result, whose gn_stats and own keys are needed (the output is not).
     */
    @FunctionalInterface
    public interface TileRun {
        VaeGraph.Result run(int index, NormStats given, KeyValues.TileKeys keys, float[] weights);
    }

    /**
     * The context for the tile loop of one VAE part, or null when each tile keeps its own (one tile, mode
     * per-tile, or a graph that takes neither statistics nor keys).
     *
     * @param tiles     the part's tiles in latent pixels (the encoder's divided by the latent factor), in the
     *                  order {@code tile} refers to them
     * @param latentW   the part's latent width (the tiles cover it)
     * @param latentH   its latent height
     * @param keyTokens the most attention keys a tile run may be given (the estimate's size in the plan)
     */
    public static Shared settle(VaeStatisticsMode mode, VaeGraph graph, List<Rect> tiles, int latentW,
                                int latentH, int keyTokens, EstimateRun estimate, TileRun tile) {
        if (eachTileItsOwn(mode, graph, tiles.size())) {
            return null;
        }
        GroupNormSpec spec = graph.statistics();
        boolean exact = exact(mode, graph);
        if (spec != null && mode == VaeStatisticsMode.EXACT && !exact) {
            LOG.log(System.Logger.Level.WARNING, "exact VAE statistics need a graph with gn_weight; using shared");
        }
        if (exact) {
            return exact(spec, graph.takesKeys(), tiles, latentW, latentH, keyTokens, tile);
        }
        VaeGraph.Result e = estimate.run();
        return new Shared(spec == null ? null : NormStats.of(e.gnStats(), spec.layers(), spec.groups()),
                graph.takesKeys() ? e.keys() : null);
    }

    /**
     * The most graph runs {@link #settle} makes for these arguments (exact passes may stop before), for
     * progress: the caller counts them as steps of its stage.
     */
    public static int runs(VaeStatisticsMode mode, VaeGraph graph, int tiles) {
        if (eachTileItsOwn(mode, graph, tiles)) {
            return 0;
        }
        return exact(mode, graph) ? graph.statistics().layers() * tiles : 1;
    }

    /** One tile, mode per-tile, or a graph that takes neither statistics nor keys: nothing to share. */
    private static boolean eachTileItsOwn(VaeStatisticsMode mode, VaeGraph graph, int tiles) {
        return graph.statistics() == null && !graph.takesKeys() || tiles <= 1 || mode == VaeStatisticsMode.PER_TILE;
    }

    /** Whether exact statistics can be pooled: asked for, and the graph takes statistics and pixel weights. */
    private static boolean exact(VaeStatisticsMode mode, VaeGraph graph) {
        return graph.statistics() != null && mode == VaeStatisticsMode.EXACT && graph.takesPixelWeights();
    }

    /**
     * Exact statistics by passes; with {@code keys}, each pass also assembles the whole latent's keys from the
     * tiles' cores ({@link CoreKeys}), which the tiles of the next pass attend to besides their own (the first
     * pass: each tile its own only). Keys depend only on the layers before the attention, so they settle with those
     * layers' statistics.
     */
    private static Shared exact(GroupNormSpec spec, boolean keys, List<Rect> tiles, int latentW, int latentH,
                                int keyTokens, TileRun tile) {
        List<Rect> cores = TileCores.of(tiles, latentW, latentH);
        Shared current = new Shared(null, null);
        for (int pass = 1; pass <= spec.layers(); pass++) {
            GroupStatsPool pool = new GroupStatsPool(spec.layers(), spec.groups());
            CoreKeys grid = keys ? new CoreKeys(latentW, latentH, keyTokens) : null;
            for (int i = 0; i < tiles.size(); i++) {
                Rect core = cores.get(i);
                VaeGraph.Result r = tile.run(i, current.stats(), current.tileKeys(tiles.get(i)),
                        weights(tiles.get(i), core));
                pool.add(r.gnStats(), (double) core.width() * core.height());
                if (grid != null) {
                    grid.add(tiles.get(i), core, r.keys());
                }
            }
            NormStats next = pool.result();
            double change = current.stats() == null ? Double.POSITIVE_INFINITY : next.maxChange(current.stats());
            current = new Shared(next, grid == null ? null : grid.result(), grid);
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
