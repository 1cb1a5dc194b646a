package io.sharpstep.convert;

/**
 * Thrown when an ncnn model cannot be read or converted to ONNX. The message is one sentence naming the
 * file, layer or parameter at fault.
 */
public class ConversionException extends io.sharpstep.core.SharpStepException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, as one sentence
     */
    public ConversionException(String message) {
        super(Kind.PACK, message);
    }

    /**
     * @param message what went wrong, as one sentence
     * @param cause   the underlying failure
     */
    public ConversionException(String message, Throwable cause) {
        super(Kind.PACK, message, cause);
    }
}
