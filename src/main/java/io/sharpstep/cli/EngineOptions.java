package io.sharpstep.cli;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.engine.UpscaleOptions;
import picocli.CommandLine.Option;

/** Options shared by the commands that run a model. */
final class EngineOptions {
    static final int MIN_TILE = 64;
    static final int MAX_TILE = 8192;
    static final int MAX_VAE_TILE = 16384;
    static final long MIN_BUDGET_MB = 256;
    static final long MAX_BUDGET_MB = 1L << 20;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|PATH",
            description = "Model pack id or folder (default: the default pack; 'bicubic' for plain bicubic).")
    String model;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda[:N]", defaultValue = "auto",
            description = "Where to run (default: ${DEFAULT-VALUE}; auto falls back to CPU and says why).")
    String device;

    @Option(names = "--tile", paramLabel = "PX", defaultValue = "0",
            description = "Diffusion/model tile size in output pixels, 64-8192 (default: the pack's).")
    int tile;

    @Option(names = "--vae-tile", paramLabel = "PX", defaultValue = "0",
            description = "VAE decoder tile size in output pixels, 64-16384 (default: from the memory budget).")
    int vaeTile;

    @Option(names = "--memory-budget", paramLabel = "MB", defaultValue = "0",
            description = "Memory one model run may use, 256-1048576 MB (default: 6144 on CUDA, 4096 on CPU).")
    long memoryBudgetMb;

    @Option(names = "--color-fix", paramLabel = "adain|wavelet|none",
            description = "Override the pack's colour fix.")
    String colorFix;

    /** Checks every value before any work starts; each failure names the valid range. */
    void validate() {
        range("--tile", tile, MIN_TILE, MAX_TILE, "output pixels", "the pack's");
        range("--vae-tile", vaeTile, MIN_TILE, MAX_VAE_TILE, "output pixels", "from the memory budget");
        range("--memory-budget", memoryBudgetMb, MIN_BUDGET_MB, MAX_BUDGET_MB, "MB", "the device's default");
        DeviceSpec.parse(device);
        if (colorFix != null) {
            ColorFix.lookup(colorFix);
        }
        VaeStatisticsMode.lookup(vaeStatistics);
    }

    private static void range(String option, long value, long min, long max, String unit, String zeroMeans) {
        if (value != 0 && (value < min || value > max)) {
            throw new SharpStepException(SharpStepException.Kind.OPTION, option + " must be 0 (" + zeroMeans
                    + ") or between " + min + " and " + max + " " + unit + ", not " + value + ".");
        }
    }
    @Option(names = "--vae-statistics", paramLabel = "shared|exact|per-tile", defaultValue = "shared",
            description = "GroupNorm statistics and attention of tiled VAE runs (packs that support it): shared "
                    + "(default, one estimate of the whole picture for all tiles), exact (statistics pooled over all "
                    + "tiles; several times slower), per-tile.")
    String vaeStatistics;

    ModelPack pack(PackCatalog catalog) {
        return model == null ? catalog.defaultPack() : catalog.find(model);
    }

    UpscaleOptions options() {
        return new UpscaleOptions(DeviceSpec.parse(device), tile, vaeTile, memoryBudgetMb * 1024 * 1024,
                colorFix == null ? null : ColorFix.lookup(colorFix), VaeStatisticsMode.lookup(vaeStatistics));
    }
}
