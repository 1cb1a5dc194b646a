package io.sharpstep.engine.pack;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.Precision;

/**
 * What every pack's manifest says, whatever its kind.
 *
 * @param format      manifest format (1)
 * @param name        a name people understand
 * @param description one or two sentences
 * @param scale       the enlargement factor
 * @param precision   the arithmetic its graphs were exported for
 * @param role        "default" (the pack used when none is named), "preview", or empty
 * @param colorFix    the colour fix its results get unless the user picks another
 * @param version     the pack's own version (what its weights are), or empty
 */
public record PackInfo(int format, String name, String description, int scale, Precision precision, String role,
                       ColorFix colorFix, String version) {
    public PackInfo {
        version = version == null ? "" : version;
    }
}
