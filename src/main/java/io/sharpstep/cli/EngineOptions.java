package io.sharpstep.cli;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.engine.UpscaleOptions;
import picocli.CommandLine.Option;

/** Options shared by the commands that run a model. */
final class EngineOptions {
    @Option(names = {"-m", "--model"}, paramLabel = "NAME|PATH",
            description = "Model pack id or folder (default: the default pack; 'bicubic' for plain bicubic).")
    String model;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda[:N]", defaultValue = "auto",
            description = "Where to run (default: ${DEFAULT-VALUE}; auto falls back to CPU and says why).")
    String device;

    @Option(names = "--tile", paramLabel = "PX", defaultValue = "0",
            description = "Diffusion/model tile size in output pixels (default: the pack's).")
    int tile;

    @Option(names = "--vae-tile", paramLabel = "PX", defaultValue = "0",
            description = "VAE decoder tile size in output pixels (default: from the memory budget).")
    int vaeTile;

    @Option(names = "--memory-budget", paramLabel = "MB", defaultValue = "0",
            description = "Memory one model run may use, in MB (default: 6144 on CUDA, 4096 on CPU).")
    long memoryBudgetMb;

    @Option(names = "--color-fix", paramLabel = "adain|wavelet|none",
            description = "Override the pack's colour fix.")
    String colorFix;

    @Option(names = "--vae-statistics", paramLabel = "shared|exact|per-tile", defaultValue = "shared",
            description = "GroupNorm statistics of tiled VAE runs (packs that support it): shared (default, one "
                    + "estimate for all tiles), exact (pooled over all tiles; several times slower), per-tile.")
    String vaeStatistics;

    ModelPack pack(PackCatalog catalog) {
        return model == null ? catalog.defaultPack() : catalog.find(model);
    }

    UpscaleOptions options() {
        return new UpscaleOptions(DeviceSpec.parse(device), tile, vaeTile, memoryBudgetMb * 1024 * 1024,
                colorFix == null ? null : ColorFix.lookup(colorFix), VaeStatisticsMode.lookup(vaeStatistics));
    }
}
