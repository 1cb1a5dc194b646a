package io.sharpstep.engine;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.SharpStepException;
/**
 * How to run a pack.
 *
 * @param device       where to run
 * @param tile         diffusion/model tile side in output pixels; 0 = the pack's recommendation
 * @param vaeTile      VAE decoder tile side in output pixels (the encoder's follows); 0 = from the memory budget
 * @param memoryBudget bytes one model run may use; 0 = a default for the device
 * @param colorFix     colour fix to use; null = the pack's
 */
public record UpscaleOptions(DeviceSpec device, int tile, int vaeTile, long memoryBudget, ColorFix colorFix) {
    public static final UpscaleOptions DEFAULT = new UpscaleOptions(DeviceSpec.AUTO, 0, 0, 0, null);

    public UpscaleOptions {
        if (tile < 0 || vaeTile < 0 || memoryBudget < 0) {
            throw new SharpStepException(SharpStepException.Kind.OPTION, "Tile sizes and the memory budget cannot be negative.");
        }
        if (device == null) {
            device = DeviceSpec.AUTO;
        }
    }

    public UpscaleOptions withDevice(DeviceSpec d) {
        return new UpscaleOptions(d, tile, vaeTile, memoryBudget, colorFix);
    }
}
