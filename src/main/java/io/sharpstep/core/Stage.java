package io.sharpstep.core;

/**
 * The steps of one upscaling job, in order, as progress shows them to people. Where the time goes is a different
 * question with finer answers ({@link Timings.Part}: blending and tensor copies happen inside several stages), so
 * the two enums are kept apart on purpose.
 */
public enum Stage {
    READ("Reading"),
    PREPARE("Bicubic"),
    ENCODE("Encoding"),
    UNET("Denoising"),
    DECODE("Decoding"),
    MODEL("Enhancing"),
    COLOR_FIX("Matching colours"),
    WRITE("Writing");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** A short word for progress displays. */
    public String label() {
        return label;
    }
}
