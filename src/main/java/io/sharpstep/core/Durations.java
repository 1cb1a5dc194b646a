package io.sharpstep.core;

/** Spans of time as people read them, for progress displays in the window and on the terminal. */
public final class Durations {
    private Durations() {
    }

    /** "45 s", "1 min 20 s", "2 h 5 min"; "" for a negative, NaN or infinite span (unknown). */
    public static String format(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return s / 3600 + " h " + (s % 3600) / 60 + " min";
        }
        return s >= 60 ? s / 60 + " min " + s % 60 + " s" : s + " s";
    }

    /** As {@link #format}, with "—" for an unknown span. */
    public static String orDash(double seconds) {
        String s = format(seconds);
        return s.isEmpty() ? "—" : s;
    }
}
