package io.sharpstep.engine;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Stage;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackManifest;
import io.sharpstep.engine.ops.BlendWeights;
import io.sharpstep.engine.ops.Bicubic;
import io.sharpstep.engine.ops.ColorFixes;
import io.sharpstep.engine.ops.Padding;
import io.sharpstep.engine.ops.TileAccumulator;
import io.sharpstep.engine.ops.TileGrid;
import io.sharpstep.engine.ort.DirectModel;

import java.util.List;
import java.util.Map;

/**
 * A direct model (one graph, image → enlarged image, e.g. Real-ESRGAN) over overlapping input tiles whose
 * outputs are feather-blended. A colour fix, if the pack or the user asks for one, is against the bicubic
 * enlargement.
 */
public final class DirectPipeline extends ModelPipeline {
    private static final Map<Stage, Double> SHARES = Map.of(Stage.MODEL, 0.97, Stage.COLOR_FIX, 0.03);

    private final DirectModel model;

    /** Takes ownership of the model. */
    public DirectPipeline(ModelPack pack, DeviceInfo device, UpscaleOptions options, DirectModel model) {
        super(pack, device, options);
        this.model = model;
    }

    @Override
    public FloatImage upscale(FloatImage rgb, boolean sourceIs8Bit, RunContext ctx) {
        PackManifest m = pack.manifest();
        int s = m.scale();
        TilePlan plan = TilePlan.of(m, options, device, 0, 0);
        int tile = model.requiredSide() > 0 ? model.requiredSide() : plan.tile();
        int overlap = Math.min(plan.overlap(), tile / 4);
        // A mirrored border on every side gives the model context at the image's edges (as upstream
        // Real-ESRGAN does) instead of the zeros its convolutions would pad with.
        int b = Math.min(plan.border(), Math.min(rgb.width(), rgb.height()) - 1);
        int pw = Math.max(Padding.roundUp(rgb.width() + 2 * b, plan.multiple()), model.requiredSide() > 0 ? tile : 1);
        int ph = Math.max(Padding.roundUp(rgb.height() + 2 * b, plan.multiple()), model.requiredSide() > 0 ? tile : 1);
        FloatImage padded = ctx.timings().time(Timings.Part.BICUBIC, () -> Padding.pad(rgb, b, b, pw, ph));
        ProgressTracker progress = new ProgressTracker(ctx.listener(), SHARES);
        // An image just over one tile (often only because of the border) runs as one tile, not four.
        int side = Math.max(pw, ph);
        int used = model.requiredSide() < 0 && side <= tile + tile / 4 ? side : tile;
        int ov = model.requiredSide() > 0 ? overlap : Math.min(overlap, used / 4);
        List<Rect> tiles = model.requiredSide() > 0 ? TileGrid.tiles(pw, ph, used, ov)
                : TileGrid.tiles(pw, ph, used, ov, 8);
        TileAccumulator acc = new TileAccumulator(3, pw * s, ph * s);
        progress.begin(Stage.MODEL, tiles.size());
        int done = 0;
        for (Rect t : tiles) {
            ctx.cancel().check();
            float[] out = model.enlarge(padded.crop(t.x(), t.y(), t.width(), t.height()).data(), t.width(),
                    t.height(), ctx);
            int x = t.x() * s;
            int y = t.y() * s;
            int w = t.width() * s;
            int h = t.height() * s;
            ctx.timings().time(Timings.Part.BLEND, () -> acc.add(out, x, y,
                    BlendWeights.feather(w, ov * s, x > 0, x + w < pw * s),
                    BlendWeights.feather(h, ov * s, y > 0, y + h < ph * s)));
            ctx.listener().onTileDone(new Rect(x - b * s, y - b * s, w, h), new FloatImage(3, w, h, out));
            progress.step(++done, tiles.size());
        }
        FloatImage full = ctx.timings().time(Timings.Part.BLEND, acc::result);
        ctx.cancel().check();
        progress.begin(Stage.COLOR_FIX, 1);
        FloatImage result = ctx.timings().time(Timings.Part.COLOR_FIX, () -> {
            FloatImage cropped = pw == rgb.width() && ph == rgb.height()
                    ? full : full.crop(b * s, b * s, rgb.width() * s, rgb.height() * s);
            ColorFix fix = colorFix();
            FloatImage source = fix == ColorFix.NONE ? cropped : Bicubic.upscale(rgb, s, sourceIs8Bit);
            ColorFixes.apply(fix, cropped, source);
            return cropped;
        });
        progress.step(1, 1);
        return result;
    }

    /** The model, for checks that it is released. */
    DirectModel model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
