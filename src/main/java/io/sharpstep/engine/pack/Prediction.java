package io.sharpstep.engine.pack;

import io.sharpstep.core.Choices;
/** What the UNet predicts. */
public enum Prediction implements Choices.Keyed {
    /** The noise ε (Stable Diffusion 2.1-base, OSEDiff). */
    EPSILON("epsilon"),
    /** The velocity v = sqrt(ᾱ)·ε − sqrt(1−ᾱ)·x0. */
    V("v");

    private final String key;

    Prediction(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static Prediction lookup(String value) {
        return Choices.lookup(Prediction.class, "prediction type", value);
    }
}
