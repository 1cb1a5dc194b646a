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
