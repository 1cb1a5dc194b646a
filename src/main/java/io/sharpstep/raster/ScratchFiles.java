package io.sharpstep.raster;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.UserFolders;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where scratch data of running jobs lives, and how its files are made so that none outlives its job: each
 * file is unlinked right after it is opened where the system allows it (so even a killed process leaves
 * nothing), otherwise deleted on close; names carry the owner's process id, so files a killed process left
 * behind (on systems that cannot unlink open files) are recognised and removed by the next run.
 */
public final class ScratchFiles {
    /** {@code ss-<pid>-<n>-<what>.tmp}. */
    private static final Pattern NAME = Pattern.compile("ss-(\\d+)-\\d+-[a-z0-9-]+\\.tmp");
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Set<FileChannel> OPEN = ConcurrentHashMap.newKeySet();

    private ScratchFiles() {
    }

    /**
     * The scratch folder: {@code -Dsharpstep.scratch}, else {@code $SHARPSTEP_SCRATCH}, else the per-user
     * cache folder's {@code scratch} (on disk: a RAM-backed /tmp would turn scratch into memory use).
     */
    public static Path folder() {
        String prop = System.getProperty("sharpstep.scratch");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop);
        }
        String env = System.getenv("SHARPSTEP_SCRATCH");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        return UserFolders.cache().resolve("scratch");
    }

    /** Creates the folder if needed and removes files that processes no longer alive left there. */
    public static Path prepare(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Cannot create the folder for temporary data "
                    + folder + ".", e);
        }
        removeAbandoned(folder);
        return folder;
    }

    /** Deletes {@code ss-<pid>-…} files whose process has ended. Best effort. */
    static int removeAbandoned(Path folder) {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                    try {
                        Files.deleteIfExists(f);
                        removed++;
                    } catch (IOException ignored) {
                        // Someone else's, or in use: leave it.
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Nothing to clean, or not allowed to look: the new files still work.
        }
        return removed;
    }

    static boolean alive(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** A new, empty scratch file in {@code folder}, open for reading and writing, gone when closed. */
    public static FileChannel open(Path folder, String what) {
        Path file = folder.resolve("ss-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-"
                + what + ".tmp");
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
            try {
                Files.delete(file); // POSIX: the open channel keeps the data; nothing is left if we are killed
            } catch (IOException notOnThisSystem) {
                // Windows keeps open files: DELETE_ON_CLOSE and removeAbandoned() take care of it.
            }
            OPEN.removeIf(c -> !c.isOpen());
            OPEN.add(ch);
            return ch;
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Cannot create temporary data in " + folder
                    + ".", e);
        }
    }

    /** Bytes the scratch files of this process hold right now (for measurements). */
    public static long bytesInUse() {
        long sum = 0;
        for (FileChannel c : OPEN) {
            try {
                sum += c.isOpen() ? c.size() : 0;
            } catch (IOException closedMeanwhile) {
                // Counts as nothing.
            }
        }
        return sum;
    }

    /** Free bytes where {@code folder} lives (its nearest existing ancestor), or Long.MAX_VALUE if unknown. */
    public static long usableSpace(Path folder) {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    return Files.getFileStore(p).getUsableSpace();
                } catch (IOException e) {
                    return Long.MAX_VALUE;
                }
            }
        }
        return Long.MAX_VALUE;
    }
}
