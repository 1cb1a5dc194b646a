package io.sharpstep.jobs;

/** SharpStep's version, from the jar manifest ("development" when run from classes). */
public final class Version {
    private Version() {
    }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "development";
    }
}
