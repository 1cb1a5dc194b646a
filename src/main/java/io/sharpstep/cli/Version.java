package io.sharpstep.cli;

import picocli.CommandLine;

/** Version from the jar manifest (or "development"). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"SharpStep " + io.sharpstep.jobs.Version.current()};
    }
}
