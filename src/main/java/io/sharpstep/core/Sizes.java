package io.sharpstep.core;

import java.util.Locale;

/** Byte counts and pixel counts as people read them. */
public final class Sizes {
    private Sizes() {
    }

    /** 0.8 GB, 850 MB, 12 KB (decimal units, as disks and file managers count). */
    public static String bytes(long n) {
        if (n >= 1_000_000_000L) {
            double gb = n / 1e9;
            return String.format(Locale.ROOT, gb < 10 ? "%.1f GB" : "%.0f GB", gb);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.0f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%d KB", Math.max(1, (n + 999) / 1000));
    }

    /** 334.6 MB, 1.7 GB, 12 KB: one decimal, for amounts that change as one watches (downloads). */
    public static String bytesFine(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f GB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%d KB", (n + 999) / 1000);
    }

    /** 12.3 MB/s. */
    public static String speed(double bytesPerSecond) {
        return bytesFine((long) bytesPerSecond) + "/s";
    }

    /** 4000×3000 (12.0 MP). */
    public static String pixels(long w, long h) {
        return String.format(Locale.ROOT, "%d×%d (%.1f MP)", w, h, w * h / 1e6);
    }
}
