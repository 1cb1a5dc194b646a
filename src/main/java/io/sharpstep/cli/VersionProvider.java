package io.sharpstep.cli;

import io.sharpstep.core.AppVersion;
import picocli.CommandLine;

/** Version from the jar manifest (or "development"). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"SharpStep " + AppVersion.current()};
    }
}
