package io.sharpstep.core;

/** SharpStep's version, from the jar manifest ("development" when run from classes). */
public final class AppVersion {
    private AppVersion() {
    }

    public static String current() {
        String v = AppVersion.class.getPackage().getImplementationVersion();
        return v != null ? v : "development";
    }
}
