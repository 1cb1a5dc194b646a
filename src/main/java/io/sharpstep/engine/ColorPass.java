package io.sharpstep.engine;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSink;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.ops.ChannelStats;
import io.sharpstep.engine.ops.ColorFixes;

import java.util.ArrayList;
import java.util.List;

/**
 * The colour fix over the whole image, done region by region: AdaIN with statistics gathered over the whole
 * result and the whole source in a first pass; the wavelet fix block by block with the halo its blurs need, so
 * every block gets exactly the whole-image values.
 */
final class ColorPass {
    /** Core block size: the wavelet halo adds {@value ColorFixes#WAVELET_HALO} pixels around it. */
    static final int BLOCK_W = 1024;
    static final int BLOCK_H = 256;

    private ColorPass() {
    }

    /** Heap the pass holds at its peak: a block with halo, target and source, and the wavelet's scratch. */
    static long heapBytes() {
        long halo = 2L * ColorFixes.WAVELET_HALO;
        return (BLOCK_W + halo) * (BLOCK_H + halo) * 4L * (3 + 3 + 2 * 2);
    }

    /** Regions a width × height image is processed in, row by row. */
    static List<Rect> blocks(int width, int height) {
        List<Rect> out = new ArrayList<>();
        for (int y = 0; y < height; y += BLOCK_H) {
            for (int x = 0; x < width; x += BLOCK_W) {
                out.add(new Rect(x, y, Math.min(BLOCK_W, width - x), Math.min(BLOCK_H, height - y)));
            }
        }
        return out;
    }

    /** Steps the pass reports, for progress. */
    static int steps(ColorFix fix, int width, int height) {
        int n = blocks(width, height).size();
        return fix == ColorFix.ADAIN ? 2 * n : n;
    }

    /**
     * Fixes {@code raw} (the model's result) against {@code source} (the bicubic enlargement, same size) and puts
     * the finished pixels into {@code out}.
     */
    static void run(ColorFix fix, PixelSource raw, PixelSource source, PixelSink out, RunContext ctx,
                    ProgressTracker progress) {
        List<Rect> blocks = blocks(raw.width(), raw.height());
        int total = steps(fix, raw.width(), raw.height());
        int done = 0;
        ChannelStats rawStats = new ChannelStats(raw.channels());
        ChannelStats srcStats = new ChannelStats(raw.channels());
        if (fix == ColorFix.ADAIN) {
            for (Rect b : blocks) {
                ctx.cancel().check();
                FloatImage r = raw.read(b);
                FloatImage s = ctx.timings().time(Timings.Part.BICUBIC, () -> source.read(b));
                ctx.timings().time(Timings.Part.COLOR_FIX, () -> {
                    rawStats.add(r);
                    srcStats.add(s);
                });
                progress.step(++done, total);
            }
        }
        for (Rect b : blocks) {
            ctx.cancel().check();
            FloatImage fixed = switch (fix) {
                case NONE -> {
                    FloatImage r = raw.read(b);
                    ColorFixes.clamp(r);
                    yield r;
                }
                case ADAIN -> {
                    FloatImage r = raw.read(b);
                    ctx.timings().time(Timings.Part.COLOR_FIX, () -> ColorFixes.adain(r, rawStats, srcStats));
                    yield r;
                }
                case WAVELET -> wavelet(raw, source, b, ctx);
            };
            out.put(b, fixed);
            progress.step(++done, total);
        }
    }

    private static FloatImage wavelet(PixelSource raw, PixelSource source, Rect b, RunContext ctx) {
        int h = ColorFixes.WAVELET_HALO;
        int x0 = Math.max(0, b.x() - h);
        int y0 = Math.max(0, b.y() - h);
        int x1 = Math.min(raw.width(), b.x() + b.width() + h);
        int y1 = Math.min(raw.height(), b.y() + b.height() + h);
        Rect ext = new Rect(x0, y0, x1 - x0, y1 - y0);
        FloatImage t = raw.read(ext);
        FloatImage s = ctx.timings().time(Timings.Part.BICUBIC, () -> source.read(ext));
        ctx.timings().time(Timings.Part.COLOR_FIX, () -> ColorFixes.wavelet(t, s));
        return t.crop(b.x() - x0, b.y() - y0, b.width(), b.height());
    }
}
