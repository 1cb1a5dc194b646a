package io.sharpstep.install;

import java.util.Locale;

/** How sizes, speeds and times read in install messages. */
public final class InstallFormat {
    private InstallFormat() {
    }

    /** E.g. "1.7 GB", "334.6 MB", "12 KB" (decimal units, as disks and downloads are sold). */
    public static String bytes(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f GB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%d KB", (n + 999) / 1000);
    }

    /** E.g. "12.3 MB/s". */
    public static String speed(double bytesPerSecond) {
        return bytes((long) bytesPerSecond) + "/s";
    }

    /** E.g. "3 min 05 s", "42 s", "—" when unknown. */
    public static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "—";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
