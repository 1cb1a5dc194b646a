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
                Path file = blockingFile(dir);
                throw fail(dir, "cannot be created: " + (file != null ? file + " is a file, not a folder"
                        : plain(e)), e);
            } catch (IOException e) {
                throw fail(dir, "cannot be created: " + plain(e), e);
            }
        }
        if (!Files.isWritable(dir)) {
            throw fail(dir, "cannot be written to: permission denied", null);
        }
    }

    /** The nearest ancestor of {@code dir} that exists; returned if it is not a folder, else null. */
    private static Path blockingFile(Path dir) {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : p;
            }
        }
        return null;
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
