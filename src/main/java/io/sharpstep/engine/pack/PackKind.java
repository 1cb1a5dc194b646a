package io.sharpstep.engine.pack;

import io.sharpstep.core.Choices;
/** What a model pack computes. */
public enum PackKind implements Choices.Keyed {
    /** VAE encoder, one UNet step, VAE decoder (OSEDiff / D3SR). */
    ONE_STEP_LATENT("one-step-latent"),
    /** One graph from image to enlarged image (e.g. Real-ESRGAN). */
    DIRECT("direct"),
    /** Built-in bicubic resampling; no model files. */
    BICUBIC("bicubic");

    private final String key;

    PackKind(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static PackKind lookup(String value) {
        return Choices.lookup(PackKind.class, "model kind", value);
    }
}
