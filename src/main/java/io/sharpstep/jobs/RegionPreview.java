package io.sharpstep.jobs;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Rect;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.ops.Views;
import io.sharpstep.raster.Workspace;

/**
 * Enlarges one rectangle of a photo, for a quick look before the whole photo runs. The rectangle is widened
 * by a margin of real neighbouring pixels (so the model sees context and the edges match the full run), then
 * the margin is cut off again. Colour fixes are computed over the widened crop, not the whole photo, so
 * colours can differ very slightly from the full result.
 */
public final class RegionPreview {
    /** Context pixels (input scale) added on each side where the photo has them. */
    public static final int DEFAULT_MARGIN = 16;

    /**
     * @param inputRegion the rectangle actually enlarged, in input pixels (clipped to the photo)
     * @param pixels      its enlargement: inputRegion × scale
     */
    public record Result(Rect inputRegion, FloatImage pixels) {
        /** Where the pixels go in the full result. */
        public Rect outputRegion(int scale) {
            return new Rect(inputRegion.x() * scale, inputRegion.y() * scale, pixels.width(), pixels.height());
        }
    }

    private RegionPreview() {
    }

    /** Clips {@code region} (input pixels) to an image of {@code width × height}; null if nothing is left. */
    public static Rect clip(Rect region, int width, int height) {
        int x0 = Math.max(0, Math.min(region.x(), region.x() + region.width()));
        int y0 = Math.max(0, Math.min(region.y(), region.y() + region.height()));
        int x1 = Math.min(width, Math.max(region.x(), region.x() + region.width()));
        int y1 = Math.min(height, Math.max(region.y(), region.y() + region.height()));
        return x1 > x0 && y1 > y0 ? new Rect(x0, y0, x1 - x0, y1 - y0) : null;
    }

    /**
     * Enlarges {@code region} of {@code source} with {@code upscaler}.
     *
     * @throws SharpStepException if the region misses the photo, or the engine fails
     */
    public static Result run(PixelSource source, Rect region, int margin, Upscaler upscaler, RunContext ctx) {
        Rect r = clip(region, source.width(), source.height());
        if (r == null) {
            throw new SharpStepException(SharpStepException.Kind.OPTION, "The selected region lies outside the photo.");
        }
        int m = Math.max(0, margin);
        int x0 = Math.max(0, r.x() - m);
        int y0 = Math.max(0, r.y() - m);
        int x1 = Math.min(source.width(), r.x() + r.width() + m);
        int y1 = Math.min(source.height(), r.y() + r.height() + m);
        PixelSource crop = Views.crop(source, new Rect(x0, y0, x1 - x0, y1 - y0));
        int s = upscaler.scale();
        FloatImage out = FloatImage.zeros(3, crop.width() * s, crop.height() * s);
        try (Workspace ws = Workspace.inHeap()) {
            upscaler.upscale(crop, out.asSink(), ws, ctx);
        }
        FloatImage inner = out.crop((r.x() - x0) * s, (r.y() - y0) * s, r.width() * s, r.height() * s);
        return new Result(r, inner);
    }
}
