package io.sharpstep.engine.pack;

import io.sharpstep.core.Choices;

/** What a model pack computes. */
public enum PackKind implements Choices.Keyed {
    /** VAE encoder, one UNet step, VAE decoder (OSEDiff / D3SR). */
    ONE_STEP_LATENT,
    /** One graph from image to enlarged image (e.g. Real-ESRGAN). */
    DIRECT,
    /** Built-in bicubic resampling; no model files. */
    BICUBIC;

    public static PackKind lookup(String value) {
        return Choices.lookup(PackKind.class, "model kind", value);
    }
}
