package io.sharpstep.cli;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.Engine;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.image.SaveOptions;
import io.sharpstep.jobs.JobListener;
import io.sharpstep.jobs.JobOutcome;
import io.sharpstep.jobs.JobSettings;
import io.sharpstep.jobs.UpscaleJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;

/**
 * {@code sharpstep bench IMAGE}: runs the whole job (read, enlarge, write into a temporary folder that is deleted
 * afterwards) and reports per-part times, output megapixels per second, time per output megapixel, peak live and
 * used Java heap, peak resident memory, and peak scratch disk. One image and pack per process, so the resident
 * peak belongs to this run (scripts/bench-sizes.sh runs the table of sizes).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure a model on one image.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IMAGE")
    Path image;

    @Option(names = "--runs", defaultValue = "1", description = "Measured runs (default 1).")
    int runs;

    @Option(names = "--warmup", description = "One unmeasured run first (JIT, model sessions).")
    boolean warmup;

    @Option(names = "--format", paramLabel = "png|jpg|tif", description = "Output format (default: as the input).")
    String format;

    @Option(names = "--tsv", description = "Also print one tab-separated line of the figures (for tables).")
    boolean tsv;

    @Option(names = "--no-bicubic", description = "Skip the bicubic job the model is compared with.")
    boolean noBicubic;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws IOException {
        if (runs < 1 || runs > 1000) {
            throw new SharpStepException(SharpStepException.Kind.OPTION, "--runs must be between 1 and 1000, not "
                    + runs + ".");
        }
        engine.validate();
        ModelPack pack = engine.pack(PackCatalog.standard());
        Path out = Files.createTempDirectory("sharpstep-bench");
        JobSettings settings = new JobSettings(out, format == null ? null : ImageFormat.lookup(format), SaveOptions.DEFAULT_JPEG_QUALITY,
                Long.MAX_VALUE, false, true, false);
        try (Upscaler up = Engine.open(pack, engine.options()); ResourceProbe probe = new ResourceProbe()) {
            System.out.println("model " + Safe.text(pack.summary()) + " on " + Safe.text(up.device().describe()));
            if (warmup) {
                once(up, settings, new Timings());
            }
            Timings[] t = new Timings[runs];
            double[] wall = new double[runs];
            double mp = 0;
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                mp = once(up, settings, t[i] = new Timings());
                wall[i] = (System.nanoTime() - t0) / 1e9;
            }
            double total = median(i -> wall[i]);
            System.out.println("median of " + runs + " run(s)" + (warmup ? " after one warm-up" : "") + ":");
            for (Timings.Part part : Timings.Part.values()) {
                double s = median(i -> t[i].seconds(part));
                if (s > 0) {
                    System.out.printf(Locale.ROOT, "%-9s %9.3f s%n", part.name().toLowerCase(Locale.ROOT), s);
                }
            }
            double engineShare = median(i -> 1 - t[i].modelNanos() / 1e9 / wall[i]);
            System.out.printf(Locale.ROOT, "engine share (all but model runs) %.1f %%%n", engineShare * 100);
            long resident = ResourceProbe.residentPeak();
            System.out.printf(Locale.ROOT, "total     %9.3f s%n", total);
            System.out.printf(Locale.ROOT, "output %.2f MP, %.2f MP/s, %.3f s per output MP%n", mp, mp / total,
                    total / mp);
            System.out.printf(Locale.ROOT, "heap: after-GC peak %.0f MB (an upper bound of the live heap), used peak %.0f MB, max %d MB%n",
                    probe.afterGcHeapPeak() / 1e6, probe.usedHeapPeak() / 1e6, Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf(Locale.ROOT, "resident peak %.0f MB, scratch peak %.0f MB%n", resident / 1e6,
                    probe.scratchPeak() / 1e6);
            if (!noBicubic && !pack.id().equals(ModelPack.BICUBIC_ID)) {
                try (Upscaler bicubic = Engine.open(ModelPack.bicubic(), engine.options())) {
                    long b0 = System.nanoTime();
                    once(bicubic, settings, new Timings());
                    double b = (System.nanoTime() - b0) / 1e9;
                    System.out.printf(Locale.ROOT, "bicubic job %.3f s; model / bicubic = %.1f%n", b, total / b);
                }
            }
            if (tsv) {
                System.out.printf(Locale.ROOT, "TSV\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.3f\t%.0f\t%.0f\t%.0f\t%.0f%n",
                        image.getFileName(), pack.id(), mp, total, mp / total, total / mp, probe.afterGcHeapPeak() / 1e6,
                        probe.usedHeapPeak() / 1e6, resident / 1e6, probe.scratchPeak() / 1e6);
            }
        } finally {
            deleteTree(out);
        }
        return 0;
    }

    /** One whole job; returns the output megapixels. */
    private double once(Upscaler up, JobSettings settings, Timings into) {
        try (JobOutcome r = UpscaleJob.run(image, up, settings, JobListener.NONE, new CancelToken())) {
            if (r.status() != JobOutcome.Status.DONE) {
                throw r.failure();
            }
            for (Timings.Part p : Timings.Part.values()) {
                into.add(p, r.timings().nanos(p));
            }
            for (Path f : r.written()) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // The folder goes at the end.
                }
            }
            return r.result().width() * (double) r.result().height() / 1e6;
        }
    }

    private double median(IntToDoubleFunction f) {
        double[] v = new double[runs];
        for (int i = 0; i < runs; i++) {
            v[i] = f.applyAsDouble(i);
        }
        Arrays.sort(v);
        return runs % 2 == 1 ? v[runs / 2] : (v[runs / 2 - 1] + v[runs / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
