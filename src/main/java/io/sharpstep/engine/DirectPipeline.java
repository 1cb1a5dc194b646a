package io.sharpstep.engine;

import io.sharpstep.core.ColorFix;
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
import io.sharpstep.engine.ops.TileBlender;
import io.sharpstep.engine.ops.TileGrid;
import io.sharpstep.engine.ops.Views;
import io.sharpstep.engine.ort.DirectModel;
import io.sharpstep.engine.pack.DirectManifest;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.raster.Workspace;

import java.util.List;
import java.util.Map;

/**
 * A direct model (one graph, image → enlarged image, e.g. Real-ESRGAN) over overlapping input tiles whose
 * outputs are feather-blended. A colour fix, if the pack or the user asks for one, is against the bicubic
 * enlargement.
 */
public final class DirectPipeline extends ModelPipeline {
    private static final Map<Stage, Double> SHARES = Map.of(Stage.MODEL, 0.97, Stage.COLOR_FIX, 0.03);

    private final DirectManifest manifest;
    private final DirectModel model;

    /** Takes ownership of the model. */
    public DirectPipeline(ModelPack pack, DirectManifest manifest, DeviceInfo device, UpscaleOptions options,
                          DirectModel model) {
        super(pack, device, options);
        this.manifest = manifest;
        this.model = model;
    }

    private DirectTilePlan plan(int width, int height) {
        return DirectTilePlan.of(manifest, options, model.requiredSide(), width, height);
    }

    @Override
    public WorkEstimate estimate(int width, int height) {
        DirectTilePlan p = plan(width, height);
        int s = manifest.scale();
        Rect t = p.tiles().get(0);
        long tileOut = (long) t.width() * s * t.height() * s;
        // Input tile, model output, the blender's rows of blocks across the width while a tile row passes.
        long rows = (long) TileGrid.largestRowOverlap(p.tiles()) * s;
        long blend = (long) p.paddedW() * s * (2L * BLEND_BLOCK + rows) * 4 * 4;
        long heap = 4L * 3 * t.width() * t.height() + 2 * 4L * 3 * tileOut + blend + ColorPass.heapBytes();
        long nativeBytes = 64L * 4 * tileOut; // activations of a Real-ESRGAN-sized net, measured order
        return new WorkEstimate(heap, BlendedOutput.canvasBytes(colorFix(), width * s, height * s), nativeBytes);
    }

    @Override
    public void upscale(PixelSource src, PixelSink out, Workspace ws, RunContext ctx) {
        int s = manifest.scale();
        DirectTilePlan plan = plan(src.width(), src.height());
        int b = plan.border();
        int pw = plan.paddedW();
        int ph = plan.paddedH();
        int ov = plan.overlap();
        PixelSource padded = Views.mirrored(src, b, b, pw, ph);
        List<Rect> tiles = plan.tiles();
        List<Rect> outTiles = tiles.stream().map(t -> new Rect(t.x() * s, t.y() * s, t.width() * s, t.height() * s))
                .toList();
        ColorFix fix = colorFix();
        BlendedOutput output = new BlendedOutput(fix, out, ws, new Rect(b * s, b * s, src.width() * s,
                src.height() * s));
        TileBlender blender = new TileBlender(3, pw * s, ph * s, outTiles, BLEND_BLOCK, output::finished);
        ProgressTracker progress = new ProgressTracker(ctx.listener(), BlendedOutput.shares(SHARES, fix));
        eachTile(Stage.MODEL, tiles.size(), ctx, progress, i -> {
            Rect t = tiles.get(i);
            FloatImage in = ctx.timings().time(Timings.Part.BICUBIC, () -> padded.read(t));
            float[] px = model.enlarge(in.data(), t.width(), t.height(), ctx);
            Rect o = outTiles.get(i);
            ctx.listener().onTileDone(new Rect(o.x() - b * s, o.y() - b * s, o.width(), o.height()),
                    new FloatImage(3, o.width(), o.height(), px));
            ctx.timings().time(Timings.Part.BLEND, () -> blender.add(px,
                    BlendWeights.feather(o.width(), ov * s, o.x() > 0, o.x() + o.width() < pw * s),
                    BlendWeights.feather(o.height(), ov * s, o.y() > 0, o.y() + o.height() < ph * s)));
        });
        output.finish(Bicubic.resized(src, src.width() * s, src.height() * s, ctx.cancel()::check), ctx, progress);
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
