package io.sharpstep.cli;

import io.sharpstep.engine.SharpStepException;

/** One readable sentence for any failure; never a stack trace. */
final class Messages {
    private Messages() {
    }

    static String of(Throwable t) {
        if (t instanceof SharpStepException) {
            return t.getMessage();
        }
        if (t instanceof OutOfMemoryError) {
            return "Java ran out of memory: give it more with -Xmx or use a smaller tile size.";
        }
        String m = t.getMessage();
        return "Unexpected problem (" + t.getClass().getSimpleName() + (m != null ? ": " + m : "") + ").";
    }
}
