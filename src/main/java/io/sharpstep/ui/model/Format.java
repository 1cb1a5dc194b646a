package io.sharpstep.ui.model;

/** Small text helpers for progress displays. */
public final class Format {
    private Format() {
    }

    /** " · 1 min 20 s left", or "" while unknown. */
    public static String eta(double seconds) {
        if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "";
        }
        long s = Math.round(seconds);
        return " · " + (s >= 60 ? s / 60 + " min " + s % 60 + " s" : s + " s") + " left";
    }
}
