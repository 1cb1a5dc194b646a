package io.sharpstep.engine;

import io.sharpstep.core.CancelledException;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.pack.ModelPack;
/**
 * Enlarges images with one model pack on one device. Made once per pack and reused for many images; closing
 * it frees every native resource it holds. Not for concurrent use from several threads.
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

    /**
     * Enlarges an RGB image (3 channels, values in [0, 1]) by {@link #scale()}.
     *
     * @param sourceIs8Bit whether the pixels came from an 8-bit file (bicubic then rounds as Pillow does)
     * @throws CancelledException if {@code ctx} is cancelled
     * @throws SharpStepException on any failure, with a readable message
     */
    FloatImage upscale(FloatImage rgb, boolean sourceIs8Bit, RunContext ctx);

    @Override
    void close();
}
