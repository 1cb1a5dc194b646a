package io.sharpstep.core;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where SharpStep's log goes: a rotating file in the per-user state folder (logs/sharpstep.N.log, 4 × 2 MB),
 * with the detail behind every failure shown to a user; with {@code verbose}, also the terminal. Code logs
 * through {@link System.Logger} ("io.sharpstep…"), which the JDK routes here.
 */
public final class Logging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    private static volatile Path file;

    private Logging() {
    }

    /** Sends the log to the file (and to stderr when {@code verbose}); the default console output goes. */
    public static synchronized void install(boolean verbose) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Logger app = Logger.getLogger("io.sharpstep");
        app.setLevel(Level.FINE); // the file gets the detail of every failure a user is shown
        Path dir = UserFolders.state().resolve("logs");
        try {
            Files.createDirectories(dir);
            FileHandler fh = new FileHandler(dir.resolve("sharpstep.%g.log").toString(), 2_000_000, 4, true);
            fh.setFormatter(new Line(true));
            fh.setLevel(Level.ALL);
            root.addHandler(fh);
            file = dir.resolve("sharpstep.0.log");
        } catch (IOException | RuntimeException e) {
            // No log file (read-only home, …): the app works without one.
            file = null;
        }
        if (verbose) {
            ConsoleHandler ch = new ConsoleHandler();
            ch.setFormatter(new Line(true));
            ch.setLevel(Level.FINE);
            root.addHandler(ch);
        }
    }

    /** The current log file, or null when there is none. */
    public static Path file() {
        return file;
    }

    /** One line a record, the stack trace below it when there is one. */
    private static final class Line extends Formatter {
        private final boolean traces;

        Line(boolean traces) {
            this.traces = traces;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder().append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                    .append(r.getLevel().getName()).append(' ').append(r.getLoggerName()).append(": ")
                    .append(formatMessage(r)).append(System.lineSeparator());
            if (traces && r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                b.append(w);
            }
            return b.toString();
        }
    }
}
