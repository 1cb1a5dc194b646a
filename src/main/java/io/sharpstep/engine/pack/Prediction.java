package io.sharpstep.engine.pack;

import io.sharpstep.core.Choices;

/** What the UNet predicts. */
public enum Prediction implements Choices.Keyed {
    /** The noise ε (Stable Diffusion 2.1-base, OSEDiff). */
    EPSILON,
    /** The velocity v = sqrt(ᾱ)·ε − sqrt(1−ᾱ)·x0. */
    V;

    public static Prediction lookup(String value) {
        return Choices.lookup(Prediction.class, "prediction type", value);
    }
}
