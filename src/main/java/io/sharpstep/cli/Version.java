package io.sharpstep.cli;

import picocli.CommandLine;

/** Version from the jar manifest (or "development"). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"SharpStep " + (v != null ? v : "development")};
    }
}
