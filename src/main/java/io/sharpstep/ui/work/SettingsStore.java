package io.sharpstep.ui.work;

import io.sharpstep.core.UserFolders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Settings kept between runs in a small properties file in the user's config folder
 * ({@code -Dsharpstep.ui.settings=FILE} overrides it, e.g. for tests). Saving happens on its own thread, a short
 * moment after a change, and only the latest values are written (a slider dragged through fifty values writes
 * once); {@link #flush()} and {@link #close()} write at once. A failure to write goes to the log and does not
 * stop the work.
 */
public final class SettingsStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.sharpstep.ui");

    private final Path file;
    private final AtomicReference<Properties> pending = new AtomicReference<>();
    /** How long a change waits for the next one before it is written. */
    static final long DELAY_MS = 200;

    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sharpstep-settings");
        t.setDaemon(true);
        return t;
    });
    private volatile int writes;

    public SettingsStore(Path file) {
        this.file = file;
    }

    public static SettingsStore standard() {
        String override = System.getProperty("sharpstep.ui.settings");
        return new SettingsStore(override != null ? Paths.get(override) : defaultFile());
    }

    static Path defaultFile() {
        return UserFolders.config().resolve("ui.properties");
    }

    public Path file() {
        return file;
    }

    /** The saved settings, or empty ones if there are none or the file cannot be read. */
    public Properties load() {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot read the window settings " + file + "; using defaults", e);
                return new Properties();
            }
        }
        return p;
    }

    /**
     * Saves {@code p} {@link #DELAY_MS} from now on the settings thread; newer values replace ones not written
     * yet (a timer, not the scheduler's whims, decides how many writes a drag makes). Any thread.
     */
    public void saveLater(Properties p) {
        if (pending.getAndSet(p) == null && !writer.isShutdown()) {
            writer.schedule(this::drain, DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void drain() {
        Properties p = pending.getAndSet(null);
        if (p == null) {
            return;
        }
        try {
            save(p);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot save the window settings to " + file, e);
        }
    }

    /** Writes the settings through a temporary file, so a crash never leaves half a file. */
    public void save(Properties p) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "ui", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "SharpStep window settings");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            writes++;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Times the file was written (for tests). */
    public int writes() {
        return writes;
    }

    /** Writes what is pending and waits for it (a few seconds at most). */
    public void flush() {
        if (writer.isShutdown()) {
            return;
        }
        try {
            writer.submit(this::drain).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Settings not saved in time", e);
        }
    }

    @Override
    public void close() {
        flush();
        writer.shutdown();
    }
}
