package io.sharpstep.cli;

import io.sharpstep.core.Failures;

/** One readable sentence for any failure; never a stack trace (the detail goes to the log). */
final class Messages {
    private Messages() {
    }

    static String of(Throwable t) {
        return Failures.report(t);
    }
}
