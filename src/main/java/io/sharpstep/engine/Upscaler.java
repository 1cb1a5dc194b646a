package io.sharpstep.engine;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.PixelSink;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.RunContext;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.raster.Workspace;

/**
 * Enlarges images with one model pack on one device. Made once per pack and reused for many images; closing
 * it frees every native resource it holds. Not for concurrent use from several threads.
 *
 * <p>Images flow through region by region: the source is read a tile at a time, intermediate data goes to the
 * job's {@link Workspace} (heap or scratch files, as the plan decided), and finished pixels leave through a
 * {@link PixelSink}, so no image-sized array need exist at the output's resolution.
 */
public interface Upscaler extends AutoCloseable {
    /** The pack this upscaler runs. */
    ModelPack pack();

    /** The device really in use, with the reason where it differs from what was asked. */
    DeviceInfo device();

    /** The integer enlargement factor. */
    default int scale() {
        return pack().manifest().scale();
    }

    /** What enlarging a {@code width × height} source will need, before any work is done. */
    WorkEstimate estimate(int width, int height);

    /**
     * Enlarges {@code src} (3 channels, values in [0, 1]) by {@link #scale()}: every pixel of the
     * scale·width × scale·height result reaches {@code out} exactly once, colour-fixed and within [0, 1].
     *
     * @throws io.sharpstep.core.CancelledException if {@code ctx} is cancelled
     * @throws io.sharpstep.core.SharpStepException on any failure, with a readable message
     */
    void upscale(PixelSource src, PixelSink out, Workspace workspace, RunContext ctx);

    @Override
    void close();
}
