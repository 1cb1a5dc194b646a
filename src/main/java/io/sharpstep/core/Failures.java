package io.sharpstep.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.regex.Pattern;

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
                    + plain(io.getMessage()) + ".", t);
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

    /**
     * Foreign text (a library's or the system's message) made fit to stand inside a sentence: one line, no
     * terminal escape codes or other control characters, no Java class names or source locations, no C++
     * signatures, no trailing full stop; "no reason given" if nothing is left.
     */
    public static String plain(String message) {
        if (message == null) {
            return "no reason given";
        }
        String m = ANSI.matcher(message).replaceAll("");
        m = SOURCE_LOCATION.matcher(m).replaceAll(" ");
        m = CPP_SIGNATURE.matcher(m).replaceAll(" ");
        m = CLASS_NAME.matcher(m).replaceAll("");
        m = m.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
        m = m.replaceAll("\\.{2,}", ".").replaceAll("[.:;,\\s]+$", "").replaceAll("^[.:;,\\s]+", "");
        return m.isEmpty() ? "no reason given" : m;
    }

    /** ANSI/VT escape sequences (colours, cursor movement). */
    private static final Pattern ANSI = Pattern.compile("\u001B(?:\\[[0-?]*[ -/]*[@-~]|[@-Z\\\\-_])");
    /** "/path/to/file.cc:123" as native libraries put it before their messages. */
    private static final Pattern SOURCE_LOCATION = Pattern.compile(
            "(?:(?<![A-Za-z])[A-Za-z]:[\\\\/])?[\\w./\\\\-]*\\.(?:cc|cpp|cxx|c|h|hpp|cu)(?::\\d+)+");
    /** A C++ function signature: "[virtual] Type ns::Class::method(args) [const]". */
    private static final Pattern CPP_SIGNATURE = Pattern.compile(
            "(?:virtual |static )?(?:[\\w:<>,*&]+ )?\\w+(?:::[~\\w]+)+\\([^()]*(?:\\([^()]*\\)[^()]*)*\\)(?: const)?");
    /** "java.io.EOFException: " and the like. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable)\\b:?\\s*");
}
