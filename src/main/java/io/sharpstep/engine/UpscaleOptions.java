package io.sharpstep.engine;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.VaeStatisticsMode;

/**
 * How to run a pack.
 *
 * @param device        where to run
 * @param tile          diffusion/model tile side in output pixels; 0 = the pack's recommendation
 * @param vaeTile       VAE decoder tile side in output pixels (the encoder's follows); 0 = from the memory budget
 * @param memoryBudget  bytes one model run may use; 0 = a default for the device
 * @param colorFix      colour fix to use; null = the pack's
 * @param vaeStatistics GroupNorm statistics of tiled VAE runs (packs whose VAE graphs take them); null = shared
 */
public record UpscaleOptions(DeviceSpec device, int tile, int vaeTile, long memoryBudget, ColorFix colorFix,
                             VaeStatisticsMode vaeStatistics) {
    public static final UpscaleOptions DEFAULT = new UpscaleOptions(DeviceSpec.AUTO, 0, 0, 0, null);

    public UpscaleOptions {
        if (tile < 0 || vaeTile < 0 || memoryBudget < 0) {
            throw new SharpStepException(SharpStepException.Kind.OPTION, "Tile sizes and the memory budget cannot be negative.");
        }
        if (device == null) {
            device = DeviceSpec.AUTO;
        }
        if (vaeStatistics == null) {
            vaeStatistics = VaeStatisticsMode.SHARED;
        }
    }

    /** With the default VAE statistics ({@link VaeStatisticsMode#SHARED}). */
    public UpscaleOptions(DeviceSpec device, int tile, int vaeTile, long memoryBudget, ColorFix colorFix) {
        this(device, tile, vaeTile, memoryBudget, colorFix, null);
    }

    public UpscaleOptions withDevice(DeviceSpec d) {
        return new UpscaleOptions(d, tile, vaeTile, memoryBudget, colorFix, vaeStatistics);
    }

    public UpscaleOptions withVaeStatistics(VaeStatisticsMode mode) {
        return new UpscaleOptions(device, tile, vaeTile, memoryBudget, colorFix, mode);
    }
}
