package io.sharpstep.engine;

/**
 * The one exception SharpStep reports to people. Its message is a complete sentence a photographer can read
 * ("The model pack 'x' is missing unet.onnx."); the cause keeps the technical detail for the log.
 */
public class SharpStepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SharpStepException(String message) {
        super(message);
    }

    public SharpStepException(String message, Throwable cause) {
        super(message, cause);
    }
}
