package io.sharpstep.raster;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSink;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;

/**
 * A float image of fixed size that is written and read region by region: intermediate results of a job
 * (latents, the model's output before its colour fix). Small canvases live in the heap, large ones in a
 * scratch file ({@link Workspace} decides from the plan). Unwritten pixels read as 0.
 */
public interface FloatCanvas extends PixelSource, PixelSink, AutoCloseable {
    /** Writes {@code pixels} (this canvas's channel count) at (x, y). */
    void write(int x, int y, FloatImage pixels);

    @Override
    default void put(Rect region, FloatImage pixels) {
        write(region.x(), region.y(), pixels);
    }

    @Override
    default int bits() {
        return 32;
    }

    /** Bytes of scratch disk this canvas uses (0 in the heap). */
    long diskBytes();

    @Override
    void close();

    /** A canvas in the heap. */
    static FloatCanvas inHeap(int channels, int width, int height) {
        FloatImage img = FloatImage.zeros(channels, width, height);
        return new FloatCanvas() {
            @Override
            public void write(int x, int y, FloatImage pixels) {
                img.paste(pixels, x, y);
            }

            @Override
            public long diskBytes() {
                return 0;
            }

            @Override
            public void close() {
                // The heap takes it back.
            }

            @Override
            public int channels() {
                return channels;
            }

            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public FloatImage read(Rect r) {
                check(r);
                return img.crop(r);
            }
        };
    }
}
