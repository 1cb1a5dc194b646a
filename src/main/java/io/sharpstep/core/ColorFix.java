package io.sharpstep.core;

/** How the result's colours are matched to the bicubic enlargement of the input, over the whole image. */
public enum ColorFix implements Choices.Keyed {
    /** Per-channel mean and standard deviation (OSEDiff's default). */
    ADAIN,
    /** Low frequencies from the source, high frequencies from the result. */
    WAVELET,
    NONE;

    public static ColorFix lookup(String value) {
        return Choices.lookup(ColorFix.class, "colour fix", value);
    }
}
