package io.sharpstep.cli;

import io.sharpstep.core.CancelToken;
import io.sharpstep.engine.Engine;
import io.sharpstep.core.FloatImage;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.image.ImageFiles;
import io.sharpstep.image.LoadedImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sharpstep bench IMAGE}: per-stage times, output megapixels per second, peak Java heap, the engine's
 * own share (everything but model runs) and the ratio to bicubic ×scale on the same image in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure a model on one image.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IMAGE")
    Path image;

    @Option(names = "--runs", defaultValue = "1", description = "Measured runs after one warm-up (default 1).")
    int runs;

    @Option(names = "--no-warmup", description = "Skip the warm-up run.")
    boolean noWarmup;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        if (runs < 1 || runs > 1000) {
            throw new io.sharpstep.core.SharpStepException(io.sharpstep.core.SharpStepException.Kind.OPTION,
                    "--runs must be between 1 and 1000, not " + runs + ".");
        }
        engine.validate();
        LoadedImage img = ImageFiles.read(image, Long.MAX_VALUE);
        ModelPack pack = engine.pack(PackCatalog.standard());
        boolean eight = img.bitsPerValue() == 8;
        try (Upscaler up = Engine.open(pack, engine.options());
             Upscaler bicubic = Engine.open(ModelPack.bicubic(), engine.options())) {
            System.out.println("model " + Safe.text(pack.summary()) + " on " + Safe.text(up.device().describe()));
            System.out.println("input " + img.width() + "x" + img.height() + " -> " + img.width() * up.scale() + "x"
                    + img.height() * up.scale());
            if (!noWarmup) {
                up.upscale(img.rgb(), eight, RunContext.quiet());
            }
            resetPeaks();
            Timings[] t = new Timings[runs];
            double[] wall = new double[runs];
            FloatImage out = null;
            for (int i = 0; i < runs; i++) {
                t[i] = new Timings();
                long t0 = System.nanoTime();
                out = up.upscale(img.rgb(), eight, new RunContext(p -> { }, new CancelToken(), t[i]));
                wall[i] = (System.nanoTime() - t0) / 1e9;
            }
            long peak = peakHeap();
            double[] bicubicWall = new double[runs];
            for (int i = 0; i < runs; i++) {
                long b0 = System.nanoTime();
                bicubic.upscale(img.rgb(), eight, RunContext.quiet());
                bicubicWall[i] = (System.nanoTime() - b0) / 1e9;
            }
            double mp = (double) out.width() * out.height() / 1e6;
            System.out.println("median of " + runs + " run(s)" + (noWarmup ? "" : " after one warm-up") + ":");
            for (Timings.Part part : Timings.Part.values()) {
                double s = median(i -> t[i].seconds(part));
                if (s > 0) {
                    System.out.printf("%-9s %9.4f s%n", part.name().toLowerCase(java.util.Locale.ROOT), s);
                }
            }
            double total = median(i -> wall[i]);
            System.out.printf("%-9s %9.4f s%n", "total", total);
            double engineShare = median(i -> 1 - t[i].modelNanos() / 1e9 / wall[i]);
            System.out.printf("output %.2f MP, %.3f MP/s%n", mp, mp / total);
            System.out.printf("engine share (all but model runs) %.1f %%%n", engineShare * 100);
            System.out.printf("peak heap %.0f MB (max %d MB)%n", peak / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576);
            double bic = median(i -> bicubicWall[i]);
            System.out.printf("bicubic x%d %.4f s; model / bicubic = %.1f%n", up.scale(), bic, total / bic);
        }
        return 0;
    }

    private double median(java.util.function.IntToDoubleFunction f) {
        double[] v = new double[runs];
        for (int i = 0; i < runs; i++) {
            v[i] = f.applyAsDouble(i);
        }
        java.util.Arrays.sort(v);
        return runs % 2 == 1 ? v[runs / 2] : (v[runs / 2 - 1] + v[runs / 2]) / 2;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peaks since the last reset (an upper bound of the true simultaneous peak). */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
