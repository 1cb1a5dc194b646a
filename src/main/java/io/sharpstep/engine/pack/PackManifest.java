package io.sharpstep.engine.pack;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.Precision;
import java.util.Map;

/**
 * The parsed and checked {@code model.json} of a pack (see docs/model-packs.md). Fields that a kind does
 * not use are null.
 */
public record PackManifest(
        int format,
        PackKind kind,
        String name,
        String description,
        int scale,
        Precision precision,
        String role,
        Map<String, String> graphs,
        LatentSpec latent,
        SchedulerSpec scheduler,
        PromptSpec prompt,
        ColorFix colorFix,
        TileSpec tiles) {

    /** The built-in bicubic "model". */
    public static PackManifest bicubic(int scale) {
        return new PackManifest(1, PackKind.BICUBIC, "Bicubic ×" + scale,
                "Plain bicubic enlargement (Keys a = -0.5, as Pillow), for comparison.", scale, Precision.FP32,
                "", Map.of(), null, null, null, ColorFix.NONE, TileSpec.defaults(PackKind.BICUBIC));
    }
}
