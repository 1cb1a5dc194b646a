package io.sharpstep.engine;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSink;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Stage;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.ops.Bicubic;
import io.sharpstep.engine.ops.BlendWeights;
import io.sharpstep.engine.ops.EstimateInput;
import io.sharpstep.engine.ops.Padding;
import io.sharpstep.engine.ops.TileBlender;
import io.sharpstep.engine.ops.TileGrid;
import io.sharpstep.engine.ops.Views;
import io.sharpstep.engine.ort.Unet;
import io.sharpstep.engine.ort.VaeDecoder;
import io.sharpstep.engine.ort.VaeEncoder;
import io.sharpstep.engine.ort.VaeGraph;
import io.sharpstep.engine.pack.LatentManifest;
import io.sharpstep.engine.pack.LatentSpec;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.SchedulerSpec;
import io.sharpstep.raster.FloatCanvas;
import io.sharpstep.raster.Workspace;

import java.util.List;
import java.util.Map;

/**
 * One-step latent diffusion super-resolution (OSEDiff / D3SR): bicubic ×scale, VAE encoder (latent mean ×
 * scaling factor), one UNet step at the pack's timestep, x0, VAE decoder, colour fix against the bicubic
 * image over the whole picture. Every model stage is tiled: the encoder and decoder with feathered overlaps,
 * the UNet with OSEDiff's Gaussian-weighted blending of its prediction, accumulated in float32. The enlarged
 * image is mirror-padded to the pack's multiple and cropped back, so the result is exactly scale × the input.
 *
 * <p>Data flows region by region: the bicubic image is computed per encoder tile, the latent lives in one
 * canvas (the workspace puts it on disk when large) that the UNet step overwrites block by block with x0 once no
 * later tile needs the block, and decoded blocks go out as soon as they are blended.
 */
public final class LatentPipeline extends ModelPipeline {
    private static final Map<Stage, Double> SHARES = Map.of(Stage.ENCODE, 0.2, Stage.UNET, 0.35, Stage.DECODE, 0.42,
            Stage.COLOR_FIX, 0.03);

    private final LatentManifest manifest;
    private final VaeEncoder encoder;
    private final Unet unet;
    private final VaeDecoder decoder;

    /** Takes ownership of the three models: closing the pipeline closes them. */
    public LatentPipeline(ModelPack pack, LatentManifest manifest, DeviceInfo device, UpscaleOptions options,
                          VaeEncoder encoder, Unet unet, VaeDecoder decoder) {
        super(pack, device, options);
        this.manifest = manifest;
        this.encoder = encoder;
        this.unet = unet;
        this.decoder = decoder;
    }

    /**
     * A job's sizes and tiles, settled once: {@code encoderTiles} in pixels of the padded image, {@code decoderTiles}
     * in latent pixels.
     */
    private record Geometry(int outW, int outH, int padW, int padH, int factor, LatentTilePlan plan,
                            List<Rect> encoderTiles, List<Rect> decoderTiles) {
        int latentW() {
            return padW / factor;
        }

        int latentH() {
            return padH / factor;
        }
    }

    private Geometry geometry(int width, int height) {
        int s = manifest.scale();
        int outW = Math.multiplyExact(width, s);
        int outH = Math.multiplyExact(height, s);
        int pw = Padding.roundUp(outW, manifest.tiles().multiple());
        int ph = Padding.roundUp(outH, manifest.tiles().multiple());
        int f = manifest.latent().factor();
        LatentTilePlan plan = LatentTilePlan.of(manifest, options, device, pw / f, ph / f,
                encoder.takesKeys() || decoder.takesKeys());
        return new Geometry(outW, outH, pw, ph, f, plan,
                TileGrid.balanced(pw, ph, plan.encoder(), plan.encoderOverlap(), f, f),
                TileGrid.balanced(pw / f, ph / f, plan.decoder(), plan.decoderOverlap(), 8));
    }

    @Override
    public WorkEstimate estimate(int width, int height) {
        Geometry g = geometry(width, height);
        LatentTilePlan p = g.plan();
        int c = manifest.latent().channels();
        long latent = 4L * c * g.latentW() * g.latentH();
        long enc = (long) p.encoder() * p.encoder();
        long dec = (long) p.decoder() * g.factor() * p.decoder() * g.factor();
        int rows = TileGrid.largestRowOverlap(g.decoderTiles()) * g.factor();
        long decBlend = (long) g.padW() * (2L * BLEND_BLOCK + rows) * 4 * 4;
        // The shared keys of a part: the estimate's latent tokens × the SD VAE's 512 channels, keys and values.
        long keys = decoder.takesKeys() || encoder.takesKeys()
                ? 2L * 4 * 512 * Math.max(p.decoderKeyTokens(), p.encoderKeyTokens(g.factor())) : 0;
        long heap = Math.max(4L * 3 * enc * 2, 4L * 3 * dec * 3) + decBlend + ColorPass.heapBytes() + keys;
        long nativeBytes = LatentTilePlan.decoderBytes(p.decoder(), g.factor(), 4,
                decoder.takesKeys() && g.decoderTiles().size() > 1 ? p.decoderKeyTokens() : 0);
        return new WorkEstimate(heap, latent + BlendedOutput.canvasBytes(colorFix(), g.outW(), g.outH()),
                nativeBytes);
    }

    @Override
    public void upscale(PixelSource src, PixelSink out, Workspace ws, RunContext ctx) {
        Geometry g = geometry(src.width(), src.height());
        ProgressTracker progress = new ProgressTracker(ctx.listener(), BlendedOutput.shares(shares(g), colorFix()));
        PixelSource bicubic = Bicubic.resized(src, g.outW(), g.outH(), ctx.cancel()::check);
        PixelSource padded = Views.mirrored(bicubic, 0, 0, g.padW(), g.padH());
        FloatCanvas latent = ws.canvas("latent", manifest.latent().channels(), g.latentW(), g.latentH());
        try {
            encode(padded, latent, g, ctx, progress);
            denoise(latent, g, ctx, progress);
            BlendedOutput output = new BlendedOutput(colorFix(), out, ws, new Rect(0, 0, g.outW(), g.outH()));
            decode(latent, output, g, ctx, progress);
            ctx.cancel().check();
            output.finish(bicubic, ctx, progress);
        } finally {
            ws.release(latent);
        }
    }

    /**
     * The stages' shares of the job, the VAE's grown by its statistics runs (exact's at most one pass per layer:
     * when its passes stop early, progress jumps ahead rather than lagging behind).
     */
    private Map<Stage, Double> shares(Geometry g) {
        Map<Stage, Double> shares = new java.util.EnumMap<>(SHARES);
        int enc = g.encoderTiles().size();
        int dec = g.decoderTiles().size();
        shares.merge(Stage.ENCODE, (double) (VaeStatistics.runs(options.vaeStatistics(), encoder, enc) + enc) / enc,
                (a, b) -> a * b);
        shares.merge(Stage.DECODE, (double) (VaeStatistics.runs(options.vaeStatistics(), decoder, dec) + dec) / dec,
                (a, b) -> a * b);
        return shares;
    }

    /** Encoder over feathered tiles of the padded image → latent × scaling factor, into {@code latent}. */
    private void encode(PixelSource img, FloatCanvas latent, Geometry g, RunContext ctx, ProgressTracker progress) {
        LatentSpec ls = manifest.latent();
        int f = g.factor();
        LatentTilePlan plan = g.plan();
        List<Rect> tiles = g.encoderTiles();
        List<Rect> latentTiles = VaeStatistics.latentTiles(tiles, f);
        float sf = (float) ls.scalingFactor();
        // GroupNorm statistics and attention keys shared by the tiles (null: each tile its own, a plain graph's
        // behaviour); their runs are steps of the stage, before the tiles.
        StatisticsSteps steps = new StatisticsSteps(Stage.ENCODE, VaeStatistics.runs(options.vaeStatistics(), encoder,
                tiles.size()), tiles.size(), progress);
        VaeStatistics.Shared shared = VaeStatistics.settle(options.vaeStatistics(), encoder, latentTiles, g.latentW(),
                g.latentH(), plan.encoderKeyTokens(f), () -> {
                    FloatImage e = estimate(img, plan.encoderEstimate(), f, ctx);
                    return steps.ran(encoder.encode(toModelRange(e.data()), e.width(), e.height(), null, null, ctx));
                }, (i, given, keys, weights) -> {
                    Rect t = tiles.get(i);
                    return steps.ran(encoder.encode(toModelRange(img.read(t).data()), t.width(), t.height(), given,
                            keys, weights, ctx));
                });
        TileBlender blender = new TileBlender(ls.channels(), g.latentW(), g.latentH(), latentTiles, BLEND_BLOCK,
                (block, values) -> {
                    float[] z = values.data();
                    for (int i = 0; i < z.length; i++) {
                        z[i] *= sf;
                    }
                    latent.put(block, values);
                });
        int ov = plan.encoderOverlap() / f;
        eachTile(steps.before(), tiles.size(), steps.total(), ctx, progress, k -> {
            Rect t = tiles.get(k);
            float[] in = toModelRange(ctx.timings().time(Timings.Part.BICUBIC, () -> img.read(t)).data());
            float[] lat = shared == null ? encoder.encode(in, t.width(), t.height(), ctx)
                    : encoder.encode(in, t.width(), t.height(), shared.stats(), shared.tileKeys(latentTiles.get(k)),
                    null, ctx).data();
            Rect lt = latentTiles.get(k);
            ctx.timings().time(Timings.Part.BLEND, () -> blender.add(lat,
                    BlendWeights.feather(lt.width(), ov, t.x() > 0, t.x() + t.width() < g.padW()),
                    BlendWeights.feather(lt.height(), ov, t.y() > 0, t.y() + t.height() < g.padH())));
        });
    }

    /** [0, 1] → [−1, 1] in place, the encoder's input range. */
    private static float[] toModelRange(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * 2f - 1f;
        }
        return v;
    }

    /**
     * The input for estimating a VAE part's statistics in one run ({@link EstimateInput}), built from {@code src}
     * read a band of rows at a time: the whole input is never held.
     */
    private static FloatImage estimate(PixelSource src, int maxSide, int multiple, RunContext ctx) {
        EstimateInput.Builder b = new EstimateInput.Builder(src.channels(), src.width(), src.height(), maxSide,
                multiple);
        int rows = Math.max(1, (int) Math.min(src.height(), (8L << 20) / Math.max(1, src.width())));
        for (int y = 0; y < src.height(); y += rows) {
            ctx.cancel().check();
            Rect band = new Rect(0, y, src.width(), Math.min(rows, src.height() - y));
            b.add(src.read(band), 0, y);
        }
        return b.result();
    }

    /**
     * UNet over Gaussian-weighted latent tiles, then one step to x0, stored unscaled (÷ scaling factor) in place
     * of the latent: a block is rewritten only when no later tile reads it.
     */
    private void denoise(FloatCanvas latent, Geometry g, RunContext ctx, ProgressTracker progress) {
        LatentSpec ls = manifest.latent();
        LatentTilePlan plan = g.plan();
        List<Rect> tiles = TileGrid.balanced(g.latentW(), g.latentH(), plan.unet(), plan.unetOverlap(), 8);
        SchedulerSpec s = manifest.scheduler();
        float inv = (float) (1.0 / ls.scalingFactor());
        TileBlender blender = new TileBlender(ls.channels(), g.latentW(), g.latentH(), tiles, BLEND_BLOCK,
                (block, eps) -> {
                    float[] z = latent.read(block).data();
                    float[] e = eps.data();
                    for (int i = 0; i < e.length; i++) {
                        e[i] = s.x0(z[i], e[i]) * inv;
                    }
                    latent.put(block, eps);
                });
        eachTile(Stage.UNET, tiles.size(), ctx, progress, k -> {
            Rect t = tiles.get(k);
            float[] eps = unet.predict(latent.read(t).data(), t.width(), t.height(), ctx);
            ctx.timings().time(Timings.Part.BLEND, () -> blender.add(eps, BlendWeights.gaussian(t.width()),
                    BlendWeights.gaussian(t.height())));
        });
    }

    /**
     * Progress of a VAE stage whose statistics runs come before its tiles: the stage begins with room for the
     * most runs {@link VaeStatistics#runs} allows; exact passes that stop early leave the rest to jump over.
     */
    private static final class StatisticsSteps {
        private final ProgressTracker progress;
        private final int planned;
        private final int total;
        private int done;

        StatisticsSteps(Stage stage, int planned, int tiles, ProgressTracker progress) {
            this.progress = progress;
            this.planned = planned;
            this.total = planned + tiles;
            progress.begin(stage, total);
        }

        /** Counts one statistics run; returns its result. */
        VaeGraph.Result ran(VaeGraph.Result result) {
            done = Math.min(planned, done + 1);
            progress.step(done, total);
            return result;
        }

        int before() {
            return planned;
        }

        int total() {
            return total;
        }
    }

    /** Decoder over feathered latent tiles → image in [0, 1], handed to {@code output} block by block. */
    private void decode(FloatCanvas latent, BlendedOutput output, Geometry g, RunContext ctx,
                        ProgressTracker progress) {
        int f = g.factor();
        LatentTilePlan plan = g.plan();
        List<Rect> tiles = g.decoderTiles();
        List<Rect> pixelTiles = tiles.stream().map(t -> new Rect(t.x() * f, t.y() * f, t.width() * f, t.height() * f))
                .toList();
        TileBlender blender = new TileBlender(3, g.padW(), g.padH(), pixelTiles, BLEND_BLOCK, output::finished);
        int ov = plan.decoderOverlap() * f;
        StatisticsSteps steps = new StatisticsSteps(Stage.DECODE, VaeStatistics.runs(options.vaeStatistics(), decoder,
                tiles.size()), tiles.size(), progress);
        VaeStatistics.Shared shared = VaeStatistics.settle(options.vaeStatistics(), decoder, tiles, g.latentW(),
                g.latentH(), plan.decoderKeyTokens(), () -> {
                    FloatImage e = estimate(latent, plan.decoderEstimate(), 1, ctx);
                    return steps.ran(decoder.decode(e.data(), e.width(), e.height(), null, null, ctx));
                }, (i, given, keys, weights) -> {
                    Rect t = tiles.get(i);
                    return steps.ran(decoder.decode(latent.read(t).data(), t.width(), t.height(), given, keys,
                            weights, ctx));
                });
        eachTile(steps.before(), tiles.size(), steps.total(), ctx, progress, k -> {
            Rect t = tiles.get(k);
            float[] x0 = latent.read(t).data();
            float[] px = shared == null ? decoder.decode(x0, t.width(), t.height(), ctx)
                    : decoder.decode(x0, t.width(), t.height(), shared.stats(), shared.tileKeys(t), null, ctx).data();
            Rect p = pixelTiles.get(k);
            ctx.timings().time(Timings.Part.BLEND, () -> {
                for (int i = 0; i < px.length; i++) {
                    float v = Math.max(-1f, Math.min(1f, px[i]));
                    px[i] = (v + 1f) * 0.5f;
                }
            });
            ctx.listener().onTileDone(p, new FloatImage(3, p.width(), p.height(), px));
            ctx.timings().time(Timings.Part.BLEND, () -> blender.add(px,
                    BlendWeights.feather(p.width(), ov, p.x() > 0, p.x() + p.width() < g.padW()),
                    BlendWeights.feather(p.height(), ov, p.y() > 0, p.y() + p.height() < g.padH())));
        });
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
