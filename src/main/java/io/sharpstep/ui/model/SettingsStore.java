package io.sharpstep.ui.model;

import io.sharpstep.core.UserFolders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Settings kept between runs in a small properties file in the user's config folder
 * ({@code -Dsharpstep.ui.settings=FILE} overrides it, e.g. for tests).
 */
public final class SettingsStore {
    private final Path file;

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
                return new Properties();
            }
        }
        return p;
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
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
