package io.sharpstep.engine;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Stage;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.pack.LatentSpec;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackManifest;
import io.sharpstep.engine.pack.SchedulerSpec;
import io.sharpstep.engine.ops.Bicubic;
import io.sharpstep.engine.ops.BlendWeights;
import io.sharpstep.engine.ops.ColorFixes;
import io.sharpstep.engine.ops.EstimateInput;
import io.sharpstep.engine.ops.NormStats;
import io.sharpstep.engine.ops.Padding;
import io.sharpstep.engine.ops.TileAccumulator;
import io.sharpstep.engine.ops.TileGrid;
import io.sharpstep.engine.ort.Unet;
import io.sharpstep.engine.ort.VaeDecoder;
import io.sharpstep.engine.ort.VaeEncoder;

import java.util.List;
import java.util.Map;

/**
 * One-step latent diffusion super-resolution (OSEDiff / D3SR): bicubic ×scale, VAE encoder (latent mean ×
 * scaling factor), one UNet step at the pack's timestep, x0, VAE decoder, colour fix against the bicubic
 * image over the whole picture. Every model stage is tiled: the encoder and decoder with feathered overlaps,
 * the UNet with OSEDiff's Gaussian-weighted blending of its prediction, accumulated in float32. The enlarged
 * image is mirror-padded to the pack's multiple and cropped back, so the result is exactly scale × the input.
 */
public final class LatentPipeline extends ModelPipeline {
    private static final Map<Stage, Double> SHARES = Map.of(Stage.PREPARE, 0.02, Stage.ENCODE, 0.2,
            Stage.UNET, 0.35, Stage.DECODE, 0.4, Stage.COLOR_FIX, 0.03);

    private final VaeEncoder encoder;
    private final Unet unet;
    private final VaeDecoder decoder;

    /** Takes ownership of the three models: closing the pipeline closes them. */
    public LatentPipeline(ModelPack pack, DeviceInfo device, UpscaleOptions options, VaeEncoder encoder, Unet unet,
                          VaeDecoder decoder) {
        super(pack, device, options);
        this.encoder = encoder;
        this.unet = unet;
        this.decoder = decoder;
    }

    @Override
    public FloatImage upscale(FloatImage rgb, boolean sourceIs8Bit, RunContext ctx) {
        PackManifest m = pack.manifest();
        ProgressTracker progress = new ProgressTracker(ctx.listener(), SHARES);
        progress.begin(Stage.PREPARE, 1);
        FloatImage source = ctx.timings().time(Timings.Part.BICUBIC,
                () -> Bicubic.upscale(rgb, m.scale(), sourceIs8Bit, ctx.cancel()::check));
        int pw = Padding.roundUp(source.width(), m.tiles().multiple());
        int ph = Padding.roundUp(source.height(), m.tiles().multiple());
        int f = m.latent().factor();
        TilePlan plan = TilePlan.of(m, options, device, pw / f, ph / f);
        FloatImage padded = ctx.timings().time(Timings.Part.BICUBIC, () -> Padding.padTo(source, pw, ph));
        progress.step(1, 1);

        float[] z = encode(padded, plan, ctx, progress);
        float[] x0 = denoise(z, pw / m.latent().factor(), ph / m.latent().factor(), plan, ctx, progress);
        FloatImage decoded = decode(x0, pw, ph, plan, ctx, progress);

        ctx.cancel().check();
        progress.begin(Stage.COLOR_FIX, 1);
        FloatImage out = ctx.timings().time(Timings.Part.COLOR_FIX, () -> {
            FloatImage cropped = decoded.width() == source.width() && decoded.height() == source.height()
                    ? decoded : decoded.crop(0, 0, source.width(), source.height());
            ColorFixes.apply(colorFix(), cropped, source);
            return cropped;
        });
        progress.step(1, 1);
        return out;
    }

    /** Encoder over feathered tiles of the padded image → latent × scaling factor. */
    private float[] encode(FloatImage img, TilePlan plan, RunContext ctx, ProgressTracker progress) {
        LatentSpec ls = pack.manifest().latent();
        int f = ls.factor();
        int lw = img.width() / f;
        int lh = img.height() / f;
        List<Rect> tiles = TileGrid.tiles(img.width(), img.height(), plan.encoder(), plan.encoderOverlap(), f);
        TileAccumulator acc = new TileAccumulator(ls.channels(), lw, lh);
        progress.begin(Stage.ENCODE, tiles.size());
        // [gn-stats] GroupNorm statistics shared by the tiles (null: each tile its own, as before)
        NormStats stats = VaeStatistics.settle(options.vaeStatistics(), encoder, VaeStatistics.latentTiles(tiles, f),
                lw, lh, () -> {
                    FloatImage e = EstimateInput.of(img, plan.encoder(), f);
                    return encoder.encode(toModelRange(e.data()), e.width(), e.height(), null, null, ctx).gnStats();
                }, (i, given, weights) -> {
                    Rect t = tiles.get(i);
                    float[] in = toModelRange(img.crop(t.x(), t.y(), t.width(), t.height()).data());
                    return encoder.encode(in, t.width(), t.height(), given, weights, ctx).gnStats();
                });
        int done = 0;
        for (Rect t : tiles) {
            ctx.cancel().check();
            float[] in = toModelRange(img.crop(t.x(), t.y(), t.width(), t.height()).data());
            float[] lat = stats == null ? encoder.encode(in, t.width(), t.height(), ctx)
                    : encoder.encode(in, t.width(), t.height(), stats, null, ctx).data(); // [gn-stats]
            int tw = t.width() / f;
            int th = t.height() / f;
            int ov = plan.encoderOverlap() / f;
            ctx.timings().time(Timings.Part.BLEND, () -> acc.add(lat, t.x() / f, t.y() / f,
                    BlendWeights.feather(tw, ov, t.x() > 0, t.x() + t.width() < img.width()),
                    BlendWeights.feather(th, ov, t.y() > 0, t.y() + t.height() < img.height())));
            progress.step(++done, tiles.size());
        }
        float[] z = acc.result().data();
        float sf = (float) ls.scalingFactor();
        for (int i = 0; i < z.length; i++) {
            z[i] *= sf;
        }
        return z;
    }

    /** [0, 1] → [−1, 1] in place, the encoder's input range. */
    private static float[] toModelRange(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * 2f - 1f;
        }
        return v;
    }

    /** UNet over Gaussian-weighted latent tiles, then one step to x0, returned unscaled (÷ scaling factor). */
    private float[] denoise(float[] z, int lw, int lh, TilePlan plan, RunContext ctx, ProgressTracker progress) {
        LatentSpec ls = pack.manifest().latent();
        FloatImage latent = new FloatImage(ls.channels(), lw, lh, z);
        List<Rect> tiles = TileGrid.tiles(lw, lh, plan.latent(), plan.latentOverlap(), 8);
        TileAccumulator acc = new TileAccumulator(ls.channels(), lw, lh);
        progress.begin(Stage.UNET, tiles.size());
        int done = 0;
        for (Rect t : tiles) {
            ctx.cancel().check();
            float[] eps = unet.predict(latent.crop(t.x(), t.y(), t.width(), t.height()).data(), t.width(),
                    t.height(), ctx);
            ctx.timings().time(Timings.Part.BLEND, () -> acc.add(eps, t.x(), t.y(),
                    BlendWeights.gaussian(t.width()), BlendWeights.gaussian(t.height())));
            progress.step(++done, tiles.size());
        }
        float[] eps = acc.result().data();
        SchedulerSpec s = pack.manifest().scheduler();
        float inv = (float) (1.0 / ls.scalingFactor());
        for (int i = 0; i < z.length; i++) {
            eps[i] = s.x0(z[i], eps[i]) * inv;
        }
        return eps;
    }

    /** Decoder over feathered latent tiles → image in [0, 1] of the padded size. */
    private FloatImage decode(float[] x0, int pw, int ph, TilePlan plan, RunContext ctx, ProgressTracker progress) {
        LatentSpec ls = pack.manifest().latent();
        int f = ls.factor();
        FloatImage latent = new FloatImage(ls.channels(), pw / f, ph / f, x0);
        List<Rect> tiles = TileGrid.tiles(latent.width(), latent.height(), plan.decoder(),
                plan.decoderOverlap(), 8);
        TileAccumulator acc = new TileAccumulator(3, pw, ph);
        progress.begin(Stage.DECODE, tiles.size());
        // [gn-stats] GroupNorm statistics shared by the tiles (null: each tile its own, as before)
        NormStats stats = VaeStatistics.settle(options.vaeStatistics(), decoder, tiles, latent.width(),
                latent.height(), () -> {
                    FloatImage e = EstimateInput.of(latent, plan.decoder(), 1);
                    return decoder.decode(e.data(), e.width(), e.height(), null, null, ctx).gnStats();
                }, (i, given, weights) -> {
                    Rect t = tiles.get(i);
                    return decoder.decode(latent.crop(t.x(), t.y(), t.width(), t.height()).data(), t.width(),
                            t.height(), given, weights, ctx).gnStats();
                });
        int done = 0;
        int ov = plan.decoderOverlap() * f;
        for (Rect t : tiles) {
            ctx.cancel().check();
            float[] tileIn = latent.crop(t.x(), t.y(), t.width(), t.height()).data();
            float[] px = stats == null ? decoder.decode(tileIn, t.width(), t.height(), ctx)
                    : decoder.decode(tileIn, t.width(), t.height(), stats, null, ctx).data(); // [gn-stats]
            int x = t.x() * f;
            int y = t.y() * f;
            int w = t.width() * f;
            int h = t.height() * f;
            ctx.timings().time(Timings.Part.BLEND, () -> {
                for (int i = 0; i < px.length; i++) {
                    float v = Math.max(-1f, Math.min(1f, px[i]));
                    px[i] = (v + 1f) * 0.5f;
                }
                acc.add(px, x, y, BlendWeights.feather(w, ov, x > 0, x + w < pw),
                        BlendWeights.feather(h, ov, y > 0, y + h < ph));
            });
            ctx.listener().onTileDone(new Rect(x, y, w, h), new FloatImage(3, w, h, px));
            progress.step(++done, tiles.size());
        }
        return ctx.timings().time(Timings.Part.BLEND, acc::result);
    }

    /** The three models, for checks that they are released. */
    List<AutoCloseable> models() {
        return List.of(encoder, unet, decoder);
    }

    @Override
    public void close() {
        try (VaeEncoder e = encoder; Unet u = unet; VaeDecoder d = decoder) {
            // try-with-resources closes all three, decoder first, even if one fails.
        }
    }
}
