package io.sharpstep.cli;

import java.io.IOException;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Keeps the log off the terminal: the command line shows one sentence per problem, and the detail (stack
 * traces, ONNX Runtime's own warnings) goes to the file named by {@code SHARPSTEP_LOG}, or nowhere.
 */
final class LogSetup {
    private static boolean done;

    private LogSetup() {
    }

    static synchronized void apply() {
        if (done) {
            return;
        }
        done = true;
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler) {
                root.removeHandler(h);
            }
        }
        String file = System.getenv("SHARPSTEP_LOG");
        if (file != null && !file.isBlank()) {
            try {
                FileHandler h = new FileHandler(file, true);
                h.setFormatter(new SimpleFormatter());
                h.setLevel(Level.ALL);
                root.addHandler(h);
            } catch (IOException | RuntimeException e) {
                System.err.println("sharpstep: the log file " + Safe.text(file) + " cannot be written; going on"
                        + " without a log.");
            }
        }
    }
}
