package io.sharpstep.core;

import java.util.Objects;

/**
 * The one exception SharpStep reports to people. Its message is a complete sentence a photographer can read
 * ("The model pack 'x' is missing unet.onnx."); its {@link Kind} says what sort of problem it is, so code decides
 * by kind, never by the wording; the cause keeps the technical detail for the log. {@link Failures} is the one
 * place that turns any failure into the sentence shown.
 */
public class SharpStepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What sort of problem this is. */
    public enum Kind {
        /** A photo cannot be read: missing, damaged, truncated, unsupported, too large. */
        INPUT,
        /** A model pack is not usable: its manifest, files or graphs do not fit their contract. */
        PACK,
        /** An option or setting is out of range or unknown. */
        OPTION,
        /** A model failed while it ran, or produced values that are not numbers. */
        MODEL,
        /** The computer (or Java) has not enough memory for the work. */
        MEMORY,
        /** The GPU ran out of memory. */
        GPU_MEMORY,
        /** The device asked for cannot be used. */
        DEVICE,
        /** Not enough free disk space. */
        DISK_FULL,
        /** A result cannot be written (permission, folder is a file, ...). */
        OUTPUT,
        /** A download failed or its bytes were wrong. */
        NETWORK,
        /** Somebody cancelled the work; not an error to report as one. */
        CANCELLED,
        /** A fault in SharpStep itself. */
        INTERNAL
    }

    private final Kind kind;

    public SharpStepException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public SharpStepException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
