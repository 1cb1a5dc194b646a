package io.sharpstep.core;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/** SharpStep's per-user folders, where each operating system expects them. */
public final class UserFolders {
    private UserFolders() {
    }

    /** For data such as model packs: %LOCALAPPDATA%, ~/Library/Application Support, $XDG_DATA_HOME. */
    public static Path data() {
        return pick("LOCALAPPDATA", "Application Support", "XDG_DATA_HOME", ".local/share");
    }

    /** For settings: %APPDATA%, ~/Library/Preferences, $XDG_CONFIG_HOME. */
    public static Path config() {
        return pick("APPDATA", "Preferences", "XDG_CONFIG_HOME", ".config");
    }

    /**
     * For data that may be thrown away (scratch files of running jobs): %LOCALAPPDATA%\SharpStep\cache,
     * ~/Library/Caches, $XDG_CACHE_HOME. On disk, unlike a RAM-backed /tmp.
     */
    public static Path cache() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return data().resolve("cache");
        }
        return pick("LOCALAPPDATA", "Caches", "XDG_CACHE_HOME", ".cache");
    }

    /** For logs and other state: %LOCALAPPDATA%\SharpStep, ~/Library/Logs/SharpStep, $XDG_STATE_HOME. */
    public static Path state() {
        return pick("LOCALAPPDATA", "Logs", "XDG_STATE_HOME", ".local/state");
    }

    private static Path pick(String windowsEnv, String macLibraryFolder, String xdgEnv, String xdgDefault) {
        String home = System.getProperty("user.home");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String base = System.getenv(windowsEnv);
            return Paths.get(base != null ? base : home, "SharpStep");
        }
        if (os.contains("mac")) {
            return Paths.get(home, "Library", macLibraryFolder, "SharpStep");
        }
        String xdg = System.getenv(xdgEnv);
        return Paths.get(xdg != null && !xdg.isBlank() ? xdg : home + "/" + xdgDefault, "sharpstep");
    }
}
