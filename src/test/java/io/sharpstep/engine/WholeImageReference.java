package io.sharpstep.engine;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.engine.ops.Bicubic;
import io.sharpstep.engine.ops.BlendWeights;
import io.sharpstep.engine.ops.ColorFixes;
import io.sharpstep.engine.ops.EstimateInput;
import io.sharpstep.engine.ops.Padding;
import io.sharpstep.engine.ops.TileAccumulator;
import io.sharpstep.engine.ops.TileGrid;
import io.sharpstep.engine.ort.DirectModel;
import io.sharpstep.engine.ort.Unet;
import io.sharpstep.engine.ort.VaeDecoder;
import io.sharpstep.engine.ort.VaeEncoder;
import io.sharpstep.engine.pack.DirectManifest;
import io.sharpstep.engine.pack.LatentManifest;
import io.sharpstep.engine.pack.LatentSpec;
import io.sharpstep.engine.pack.ModelPack;

import java.util.List;

/**
 * The pipelines as they were before they streamed: every stage on whole images in the heap (bicubic of the
 * whole photo, image-sized accumulators, the colour fix over whole images). The streaming pipelines must give
 * the same pixels; this is what they are compared with.
 */
final class WholeImageReference {
    private WholeImageReference() {
    }

    static FloatImage direct(ModelPack pack, UpscaleOptions options, FloatImage rgb, boolean is8Bit) {
        DirectManifest m = (DirectManifest) pack.manifest();
        int s = m.scale();
        RunContext ctx = RunContext.quiet();
        try (DirectModel model = new DirectModel(pack, DeviceInfo.cpu(""))) {
            DirectTilePlan plan = DirectTilePlan.of(m, options, model.requiredSide(), rgb.width(), rgb.height());
            int b = plan.border();
            int pw = plan.paddedW();
            int ph = plan.paddedH();
            int ov = plan.overlap();
            FloatImage padded = Padding.pad(rgb, b, b, pw, ph);
            TileAccumulator acc = new TileAccumulator(3, pw * s, ph * s);
            for (Rect t : plan.tiles()) {
                float[] out = model.enlarge(padded.crop(t).data(), t.width(), t.height(), ctx);
                int x = t.x() * s;
                int y = t.y() * s;
                int w = t.width() * s;
                int h = t.height() * s;
                acc.add(out, x, y, BlendWeights.feather(w, ov * s, x > 0, x + w < pw * s),
                        BlendWeights.feather(h, ov * s, y > 0, y + h < ph * s));
            }
            FloatImage full = acc.result();
            FloatImage cropped = full.crop(b * s, b * s, rgb.width() * s, rgb.height() * s);
            ColorFix fix = options.colorFix() != null ? options.colorFix() : m.colorFix();
            ColorFixes.apply(fix, cropped, fix == ColorFix.NONE ? cropped : Bicubic.upscale(rgb, s, is8Bit));
            return cropped;
        }
    }

    private static float[] toModelRange(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * 2f - 1f;
        }
        return v;
    }

    static FloatImage latent(ModelPack pack, UpscaleOptions options, FloatImage rgb, boolean is8Bit) {
        LatentManifest m = (LatentManifest) pack.manifest();
        LatentSpec ls = m.latent();
        DeviceInfo cpu = DeviceInfo.cpu("");
        RunContext ctx = RunContext.quiet();
        try (VaeEncoder encoder = new VaeEncoder(pack, cpu);
             Unet unet = new Unet(pack, cpu);
             VaeDecoder decoder = new VaeDecoder(pack, cpu)) {
            FloatImage source = Bicubic.upscale(rgb, m.scale(), is8Bit);
            int pw = Padding.roundUp(source.width(), m.tiles().multiple());
            int ph = Padding.roundUp(source.height(), m.tiles().multiple());
            int f = ls.factor();
            LatentTilePlan plan = LatentTilePlan.of(m, options, cpu, pw / f, ph / f,
                    encoder.takesKeys() || decoder.takesKeys());
            FloatImage padded = Padding.padTo(source, pw, ph);
            int lw = pw / f;
            int lh = ph / f;
            // Encoder.
            TileAccumulator enc = new TileAccumulator(ls.channels(), lw, lh);
            int eov = plan.encoderOverlap() / f;
            List<Rect> encTiles = TileGrid.balanced(pw, ph, plan.encoder(), plan.encoderOverlap(), f, f);
            // GroupNorm statistics and keys shared by the tiles, as the pipeline settled them before it streamed.
            List<Rect> encLatentTiles = VaeStatistics.latentTiles(encTiles, f);
            VaeStatistics.Shared encShared = VaeStatistics.settle(options.vaeStatistics(), encoder,
                    encLatentTiles, lw, lh, plan.encoderKeyTokens(f), () -> {
                        FloatImage e = EstimateInput.of(padded, plan.encoderEstimate(), f);
                        return encoder.encode(toModelRange(e.data()), e.width(), e.height(), null, null, ctx);
                    }, (i, given, keys, weights) -> {
                        Rect t = encTiles.get(i);
                        return encoder.encode(toModelRange(padded.crop(t).data()), t.width(), t.height(), given,
                                keys, weights, ctx);
                    });
            for (int k = 0; k < encTiles.size(); k++) {
                Rect t = encTiles.get(k);
                float[] in = toModelRange(padded.crop(t).data());
                float[] lat = encShared == null ? encoder.encode(in, t.width(), t.height(), ctx)
                        : encoder.encode(in, t.width(), t.height(), encShared.stats(),
                        encShared.tileKeys(encLatentTiles.get(k)), null, ctx)
                        .data();
                enc.add(lat, t.x() / f, t.y() / f,
                        BlendWeights.feather(t.width() / f, eov, t.x() > 0, t.x() + t.width() < pw),
                        BlendWeights.feather(t.height() / f, eov, t.y() > 0, t.y() + t.height() < ph));
            }
            float[] z = enc.result().data();
            for (int i = 0; i < z.length; i++) {
                z[i] *= (float) ls.scalingFactor();
            }
            // UNet and the step to x0.
            FloatImage latent = new FloatImage(ls.channels(), lw, lh, z);
            TileAccumulator eps = new TileAccumulator(ls.channels(), lw, lh);
            for (Rect t : TileGrid.balanced(lw, lh, plan.unet(), plan.unetOverlap(), 8)) {
                float[] e = unet.predict(latent.crop(t).data(), t.width(), t.height(), ctx);
                eps.add(e, t.x(), t.y(), BlendWeights.gaussian(t.width()), BlendWeights.gaussian(t.height()));
            }
            float[] x0 = eps.result().data();
            float inv = (float) (1.0 / ls.scalingFactor());
            for (int i = 0; i < z.length; i++) {
                x0[i] = m.scheduler().x0(z[i], x0[i]) * inv;
            }
            // Decoder.
            FloatImage lat0 = new FloatImage(ls.channels(), lw, lh, x0);
            TileAccumulator dec = new TileAccumulator(3, pw, ph);
            int dov = plan.decoderOverlap() * f;
            List<Rect> tiles = TileGrid.balanced(lw, lh, plan.decoder(), plan.decoderOverlap(), 8);
            VaeStatistics.Shared decShared = VaeStatistics.settle(options.vaeStatistics(), decoder, tiles, lw, lh,
                    plan.decoderKeyTokens(), () -> {
                        FloatImage e = EstimateInput.of(lat0, plan.decoderEstimate(), 1);
                        return decoder.decode(e.data(), e.width(), e.height(), null, null, ctx);
                    }, (i, given, keys, weights) -> {
                        Rect t = tiles.get(i);
                        return decoder.decode(lat0.crop(t).data(), t.width(), t.height(), given, keys, weights, ctx);
                    });
            for (Rect t : tiles) {
                float[] px = decShared == null ? decoder.decode(lat0.crop(t).data(), t.width(), t.height(), ctx)
                        : decoder.decode(lat0.crop(t).data(), t.width(), t.height(), decShared.stats(),
                        decShared.tileKeys(t), null, ctx).data();
                for (int i = 0; i < px.length; i++) {
                    float v = Math.max(-1f, Math.min(1f, px[i]));
                    px[i] = (v + 1f) * 0.5f;
                }
                int x = t.x() * f;
                int y = t.y() * f;
                int w = t.width() * f;
                int h = t.height() * f;
                dec.add(px, x, y, BlendWeights.feather(w, dov, x > 0, x + w < pw),
                        BlendWeights.feather(h, dov, y > 0, y + h < ph));
            }
            FloatImage decoded = dec.result().crop(0, 0, source.width(), source.height());
            ColorFix fix = options.colorFix() != null ? options.colorFix() : m.colorFix();
            ColorFixes.apply(fix, decoded, source);
            return decoded;
        }
    }
}
