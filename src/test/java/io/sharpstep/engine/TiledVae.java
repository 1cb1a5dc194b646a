package io.sharpstep.engine;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.ops.BlendWeights;
import io.sharpstep.engine.ops.EstimateInput;
import io.sharpstep.engine.ops.NormStats;
import io.sharpstep.engine.ops.TileAccumulator;
import io.sharpstep.engine.ops.TileGrid;
import io.sharpstep.engine.ort.VaeDecoder;
import io.sharpstep.engine.ort.VaeEncoder;
import io.sharpstep.engine.ort.VaeGraph;

import java.util.List;

/**
 * One VAE part over feathered tiles exactly as {@link LatentPipeline} runs it (same grid, blending and
 * {@link VaeStatistics} call), for tests and the tiled-VAE benchmark that look at one part alone.
 * {@code runs} counts graph runs (estimate, statistics passes, tiles).
 */
final class TiledVae {
    int runs;
    /** When set, every tile runs with this context (the benchmark's "untiled with estimated statistics"). */
    VaeStatistics.Shared forced;
    /**
     * The estimate's side (the encoder's in pixels, the decoder's in latent pixels), as {@link LatentTilePlan}'s
     * encoderEstimate / decoderEstimate; default: the whole input, what the budget allows at test sizes.
     */
    int estimateSide = 1 << 20;

    /** Encoder: image [3,H,W] in [0,1] (sides multiples of 8) → unscaled latent mean. */
    FloatImage encode(VaeEncoder encoder, FloatImage img, int tile, int overlap, VaeStatisticsMode mode,
                      RunContext ctx) {
        int f = 8;
        int lw = img.width() / f;
        int lh = img.height() / f;
        // Encoder tiles start on the latent grid, as the engine places them (LatentPipeline.geometry).
        List<Rect> tiles = TileGrid.balanced(img.width(), img.height(), tile, overlap, f, f);
        TileAccumulator acc = new TileAccumulator(4, lw, lh);
        int keyTokens = Math.min(lw * lh, estimateSide / f * (estimateSide / f));
        List<Rect> latentTiles = VaeStatistics.latentTiles(tiles, f);
        VaeStatistics.Shared shared = forced != null ? forced : VaeStatistics.settle(mode, encoder, latentTiles, lw,
                lh, keyTokens, () -> {
                    FloatImage e = EstimateInput.of(img, estimateSide, f);
                    runs++;
                    return encoder.encode(range(e.data()), e.width(), e.height(), null, null, ctx);
                }, (i, given, keys, weights) -> {
                    Rect t = tiles.get(i);
                    runs++;
                    return encoder.encode(range(img.crop(t.x(), t.y(), t.width(), t.height()).data()), t.width(),
                            t.height(), given, keys, weights, ctx);
                });
        for (int k = 0; k < tiles.size(); k++) {
            Rect t = tiles.get(k);
            float[] in = range(img.crop(t.x(), t.y(), t.width(), t.height()).data());
            runs++;
            float[] lat = shared == null ? encoder.encode(in, t.width(), t.height(), ctx)
                    : encoder.encode(in, t.width(), t.height(), shared.stats(), shared.tileKeys(latentTiles.get(k)), null,
                    ctx).data();
            int ov = overlap / f;
            acc.add(lat, t.x() / f, t.y() / f,
                    BlendWeights.feather(t.width() / f, ov, t.x() > 0, t.x() + t.width() < img.width()),
                    BlendWeights.feather(t.height() / f, ov, t.y() > 0, t.y() + t.height() < img.height()));
        }
        return acc.result();
    }

    /** Decoder: unscaled latent → image in [0, 1] (clamped), 8× the latent. */
    FloatImage decode(VaeDecoder decoder, FloatImage latent, int tile, int overlap, VaeStatisticsMode mode,
                      RunContext ctx) {
        int f = 8;
        int pw = latent.width() * f;
        int ph = latent.height() * f;
        List<Rect> tiles = TileGrid.balanced(latent.width(), latent.height(), tile, overlap, 8);
        TileAccumulator acc = new TileAccumulator(3, pw, ph);
        int keyTokens = (int) Math.min((long) latent.width() * latent.height(), (long) estimateSide * estimateSide);
        VaeStatistics.Shared shared = forced != null ? forced : VaeStatistics.settle(mode, decoder, tiles,
                latent.width(), latent.height(), keyTokens, () -> {
                    FloatImage e = EstimateInput.of(latent, estimateSide, 1);
                    runs++;
                    return decoder.decode(e.data(), e.width(), e.height(), null, null, ctx);
                }, (i, given, keys, weights) -> {
                    Rect t = tiles.get(i);
                    runs++;
                    return decoder.decode(latent.crop(t.x(), t.y(), t.width(), t.height()).data(), t.width(),
                            t.height(), given, keys, weights, ctx);
                });
        int ov = overlap * f;
        for (Rect t : tiles) {
            float[] in = latent.crop(t.x(), t.y(), t.width(), t.height()).data();
            runs++;
            float[] px = shared == null ? decoder.decode(in, t.width(), t.height(), ctx)
                    : decoder.decode(in, t.width(), t.height(), shared.stats(), shared.tileKeys(t), null, ctx).data();
            for (int i = 0; i < px.length; i++) {
                px[i] = (Math.max(-1f, Math.min(1f, px[i])) + 1f) * 0.5f;
            }
            int x = t.x() * f;
            int y = t.y() * f;
            int w = t.width() * f;
            int h = t.height() * f;
            acc.add(px, x, y, BlendWeights.feather(w, ov, x > 0, x + w < pw), BlendWeights.feather(h, ov, y > 0, y + h < ph));
        }
        return acc.result();
    }

    /** The context an estimate run gives (what shared mode uses), for the benchmark's error split. */
    static VaeStatistics.Shared estimate(VaeDecoder decoder, FloatImage latent, int side, RunContext ctx) {
        FloatImage e = EstimateInput.of(latent, side, 1);
        return shared(decoder, decoder.decode(e.data(), e.width(), e.height(), null, null, ctx));
    }

    static VaeStatistics.Shared estimate(VaeEncoder encoder, FloatImage img, int side, RunContext ctx) {
        FloatImage e = EstimateInput.of(img, side, 8);
        return shared(encoder, encoder.encode(range(e.data()), e.width(), e.height(), null, null, ctx));
    }

    /** A run's own statistics and keys as the context to give tiles. */
    static VaeStatistics.Shared shared(VaeGraph graph, VaeGraph.Result r) {
        var spec = graph.statistics();
        return new VaeStatistics.Shared(NormStats.of(r.gnStats(), spec.layers(), spec.groups()), r.keys());
    }

    private static float[] range(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * 2f - 1f;
        }
        return v;
    }
}
