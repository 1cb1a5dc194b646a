package io.sharpstep.engine.pack;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.Precision;

import java.util.Map;

/**
 * The parsed and checked {@code model.json} of a pack (see docs/model-packs.md): what every pack has
 * ({@link PackInfo}) plus exactly what its kind needs. Switch over the three kinds; there are no unused fields.
 */
public sealed interface PackManifest permits LatentManifest, DirectManifest, BicubicManifest {
    /** What every pack has. */
    PackInfo info();

    /** The kind's key, for lists and messages. */
    PackKind kind();

    /** The graph files by role ("encoder", "unet", "decoder" or "model"); none for bicubic. */
    Map<String, String> graphs();

    default String name() {
        return info().name();
    }

    default String description() {
        return info().description();
    }

    default int scale() {
        return info().scale();
    }

    default Precision precision() {
        return info().precision();
    }

    default String role() {
        return info().role();
    }

    default ColorFix colorFix() {
        return info().colorFix();
    }
}
