package io.sharpstep.engine.pack;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.Precision;

import java.util.Map;

/** The built-in bicubic "pack": no files, nothing but the scale. */
public record BicubicManifest(PackInfo info) implements PackManifest {
    /** Bicubic ×{@code scale}. */
    public static BicubicManifest of(int scale) {
        return new BicubicManifest(new PackInfo(1, "Bicubic ×" + scale,
                "Plain bicubic enlargement (Keys a = -0.5, as Pillow), for comparison.", scale, Precision.FP32, "",
                ColorFix.NONE, ""));
    }

    @Override
    public PackKind kind() {
        return PackKind.BICUBIC;
    }

    @Override
    public Map<String, String> graphs() {
        return Map.of();
    }
}
