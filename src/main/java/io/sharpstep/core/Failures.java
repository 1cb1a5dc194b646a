package io.sharpstep.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * The one place where a failure becomes what a person reads: a {@link SharpStepException} keeps its sentence;
 * anything else is given a kind and a plain sentence here. The technical detail (class names, stack traces)
 * belongs in the log, never in the sentence.
 */
public final class Failures {
    private static final System.Logger LOG = System.getLogger("io.sharpstep");

    private Failures() {
    }

    /** {@code t} as a {@link SharpStepException}: itself, or a new one with a kind and a sentence. */
    public static SharpStepException of(Throwable t) {
        if (t instanceof SharpStepException s) {
            return s;
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return of(u.getCause());
        }
        if (t instanceof OutOfMemoryError) {
            return new SharpStepException(SharpStepException.Kind.MEMORY,
                    "Java ran out of memory: give it more (-Xmx) or close other work.", t);
        }
        if (t instanceof IOException io) {
            if (isDiskFull(io)) {
                return new SharpStepException(SharpStepException.Kind.DISK_FULL, "The disk is full.", t);
            }
            if (io instanceof AccessDeniedException a) {
                return new SharpStepException(SharpStepException.Kind.OUTPUT,
                        "Permission denied: " + fileName(a) + ".", t);
            }
            return new SharpStepException(SharpStepException.Kind.OUTPUT, "A file operation failed: "
                    + clean(io.getMessage()) + ".", t);
        }
        return new SharpStepException(SharpStepException.Kind.INTERNAL, "Something went wrong inside SharpStep"
                + " (the log has the details).", t);
    }

    /** The sentence a person sees for {@code t}. */
    public static String sentence(Throwable t) {
        return of(t).getMessage();
    }

    /**
     * The sentence for {@code t}, with the detail written to the log at a level fitting its kind (an internal
     * fault as an error with its stack trace, a user's problem as information).
     */
    public static String report(Throwable t) {
        SharpStepException e = of(t);
        boolean internal = e.kind() == SharpStepException.Kind.INTERNAL || e.kind() == SharpStepException.Kind.MEMORY;
        // A user's problem is routine: below the JDK's default console level, so without Logging.install nothing
        // reaches the terminal but the sentence.
        LOG.log(internal ? System.Logger.Level.ERROR : System.Logger.Level.DEBUG, e.getMessage(), t);
        return e.getMessage();
    }

    /** The chain of causes, one line each, for a "Details" view. */
    public static String detail(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            b.append(b.length() == 0 ? "" : "\ncaused by: ").append(c.getClass().getName());
            if (c.getMessage() != null) {
                b.append(": ").append(c.getMessage().strip());
            }
        }
        return b.toString();
    }

    /** Whether {@code e} (or a cause) says the disk or quota is full. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("no space left") || m.contains("enospc") || m.contains("disk full")
                    || m.contains("quota exceeded") || m.contains("not enough space")) {
                return true;
            }
        }
        return false;
    }

    private static String fileName(FileSystemException e) {
        return e.getFile() == null ? "a file" : e.getFile();
    }

    private static String clean(String m) {
        if (m == null || m.isBlank()) {
            return "no reason given";
        }
        return m.strip().replaceAll("[.\\s]+$", "");
    }
}
