package io.sharpstep.engine;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSink;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Stage;
import io.sharpstep.engine.ops.ColorFixes;
import io.sharpstep.raster.FloatCanvas;
import io.sharpstep.raster.Workspace;

import java.util.EnumMap;
import java.util.Map;

/**
 * Where a pipeline's blended model output goes. The blended area may be larger than the image (padding, a
 * mirrored border): blocks are cut to the image at ({@code left}, {@code top}). Without a colour fix they go
 * straight out, clamped; a colour fix needs the whole result first, so they go into a canvas that
 * {@link ColorPass} then reads.
 */
final class BlendedOutput {
    private final ColorFix fix;
    private final PixelSink out;
    private final FloatCanvas raw;
    private final Rect image;

    /**
     * @param image where the image lies in the blended area; the output is image.width() × image.height()
     */
    BlendedOutput(ColorFix fix, PixelSink out, Workspace ws, Rect image) {
        this.fix = fix;
        this.out = out;
        this.image = image;
        this.raw = fix == ColorFix.NONE ? null : ws.canvas("output", 3, image.width(), image.height());
    }

    /** Bytes of canvas a result of {@code width × height} needs with {@code fix}. */
    static long canvasBytes(ColorFix fix, int width, int height) {
        return fix == ColorFix.NONE ? 0 : 12L * width * height;
    }

    /** Takes a finished block of the blended area. */
    void finished(Rect block, FloatImage values) {
        int x0 = Math.max(block.x(), image.x());
        int y0 = Math.max(block.y(), image.y());
        int x1 = Math.min(block.x() + block.width(), image.x() + image.width());
        int y1 = Math.min(block.y() + block.height(), image.y() + image.height());
        if (x1 <= x0 || y1 <= y0) {
            return;
        }
        FloatImage part = x0 == block.x() && y0 == block.y() && x1 - x0 == block.width() && y1 - y0 == block.height()
                ? values : values.crop(x0 - block.x(), y0 - block.y(), x1 - x0, y1 - y0);
        Rect at = new Rect(x0 - image.x(), y0 - image.y(), x1 - x0, y1 - y0);
        if (raw == null) {
            ColorFixes.clamp(part);
            out.put(at, part);
        } else {
            raw.put(at, part);
        }
    }

    /** Steps {@link #finish} reports. */
    int finishSteps() {
        return raw == null ? 0 : ColorPass.steps(fix, image.width(), image.height());
    }

    /** Whether a colour pass will run (a stage of its own in the job's progress). */
    boolean colourPass() {
        return raw != null;
    }

    /** Runs the colour fix against {@code source} (the bicubic enlargement), if one is due, as its own stage. */
    void finish(PixelSource source, RunContext ctx, ProgressTracker progress) {
        if (raw != null) {
            progress.begin(Stage.COLOR_FIX, finishSteps());
            ColorPass.run(fix, raw, source, out, ctx, progress);
        }
    }

    /** {@code shares} without the colour fix's when there is no colour pass. */
    static Map<Stage, Double> shares(Map<Stage, Double> shares, ColorFix fix) {
        if (fix != ColorFix.NONE) {
            return shares;
        }
        Map<Stage, Double> m = new EnumMap<>(shares);
        m.remove(Stage.COLOR_FIX);
        return m;
    }
}
