package io.sharpstep.ui.work;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.FloatImage;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.core.RunContext;
import io.sharpstep.engine.Upscaler;

import java.util.function.BiConsumer;

/**
 * Passes everything to the session's real upscaler and keeps hold of what went in and came out, so the UI can
 * show the photo and its result without reading the written file back. Closing it does not close the real
 * one, which the session owns.
 */
final class CapturingUpscaler implements Upscaler {
    private final Upscaler inner;
    private final BiConsumer<FloatImage, Boolean> onInput;
    private volatile FloatImage output;

    CapturingUpscaler(Upscaler inner, BiConsumer<FloatImage, Boolean> onInput) {
        this.inner = inner;
        this.onInput = onInput;
    }

    @Override
    public ModelPack pack() {
        return inner.pack();
    }

    @Override
    public DeviceInfo device() {
        return inner.device();
    }

    @Override
    public int scale() {
        return inner.scale();
    }

    @Override
    public FloatImage upscale(FloatImage rgb, boolean sourceIs8Bit, RunContext ctx) {
        onInput.accept(rgb, sourceIs8Bit);
        FloatImage out = inner.upscale(rgb, sourceIs8Bit, ctx);
        output = out;
        return out;
    }

    /** The enlarged RGB of the last call, or null. */
    FloatImage output() {
        return output;
    }

    /** Forgets the output (it is large). */
    void release() {
        output = null;
    }

    @Override
    public void close() {
        // The session owns the real upscaler.
    }
}
