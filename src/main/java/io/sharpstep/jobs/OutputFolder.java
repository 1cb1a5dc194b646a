package io.sharpstep.jobs;

import io.sharpstep.core.Failures;
import io.sharpstep.core.SharpStepException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Settles the output folder before any photo is read, so that a bad one costs no work. */
public final class OutputFolder {
    private OutputFolder() {
    }

    /**
     * Makes sure {@code dir} is a folder results can be written into, creating it (and its parents) if needed.
     *
     * @throws SharpStepException of kind OUTPUT, one sentence naming the folder
     */
    public static void prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw fail(dir, "is a file, not a folder", null);
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (FileAlreadyExistsException e) {
                throw fail(dir, "cannot be created: " + e.getFile() + " is a file, not a folder", e);
            } catch (AccessDeniedException e) {
                throw fail(dir, "cannot be created: permission denied", e);
            } catch (FileSystemException e) {
                String why = e.getReason() == null ? "" : e.getReason();
                throw fail(dir, "cannot be created: " + (why.toLowerCase(java.util.Locale.ROOT)
                        .contains("not a directory") ? "a part of its path is a file" : plain(e)), e);
            } catch (IOException e) {
                throw fail(dir, "cannot be created: " + plain(e), e);
            }
        }
        if (!Files.isWritable(dir)) {
            throw fail(dir, "cannot be written to: permission denied", null);
        }
    }

    private static String plain(IOException e) {
        String s = Failures.sentence(e);
        return Character.toLowerCase(s.charAt(0)) + s.substring(1, s.length() - (s.endsWith(".") ? 1 : 0));
    }

    private static SharpStepException fail(Path dir, String what, Throwable cause) {
        return new SharpStepException(SharpStepException.Kind.OUTPUT, "The output folder " + dir + " " + what + ".",
                cause);
    }
}
