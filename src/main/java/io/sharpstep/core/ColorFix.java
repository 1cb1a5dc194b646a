package io.sharpstep.core;

/** How the result's colours are matched to the bicubic enlargement of the input, over the whole image. */
public enum ColorFix implements Choices.Keyed {
    /** Per-channel mean and standard deviation (OSEDiff's default). */
    ADAIN("adain"),
    /** Low frequencies from the source, high frequencies from the result. */
    WAVELET("wavelet"),
    NONE("none");

    private final String key;

    ColorFix(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static ColorFix lookup(String value) {
        return Choices.lookup(ColorFix.class, "colour fix", value);
    }
}
