package io.sharpstep.cli;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.Engine;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.jobs.InputFiles;
import io.sharpstep.jobs.JobOutcome;
import io.sharpstep.jobs.JobSettings;
import io.sharpstep.jobs.OutputFolder;
import io.sharpstep.jobs.UpscaleJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code sharpstep upscale IN... [-o DIR] ...}: enlarges each photo; a failure does not stop the batch. Options,
 * inputs and the output folder are all checked before the model is loaded. SIGINT or SIGTERM cancels the photo
 * in progress, which cleans up and says so before the process ends.
 */
@Command(name = "upscale", mixinStandardHelpOptions = true,
        description = "Enlarge photos (files or folders). Results are written as NAME_x4.EXT, never over a file.")
final class UpscaleCommand implements Callable<Integer> {
    /** How long a signal waits for the photo in progress to stop and clean up before the process ends. */
    static final long STOP_GRACE_SECONDS = 10;
    static final double MAX_MEGAPIXELS = 1000;

    @Parameters(arity = "1..*", paramLabel = "IN", description = "Photos or folders of photos.")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output folder (default: beside each photo).")
    Path outputDir;

    @Option(names = "--format", paramLabel = "png|jpg|tif", description = "Output format (default: as the input).")
    String format;

    @Option(names = "--quality", paramLabel = "0-100", defaultValue = "92", description = "JPEG quality.")
    int quality;

    @Option(names = "--compare", paramLabel = "bicubic",
            description = "Also write the bicubic enlargement and a side-by-side comparison.")
    String compare;

    @Option(names = "--no-metadata", description = "Do not copy EXIF, XMP, IPTC and DPI (the colour profile is kept).")
    boolean noMetadata;

    @Option(names = "--provenance", description = "Note model, version and settings in the result's XMP.")
    boolean provenance;

    @Option(names = "--max-megapixels", paramLabel = "MP", defaultValue = "100",
            description = "Refuse inputs above this size, more than 0 and at most 1000 (default: ${DEFAULT-VALUE}).")
    double maxMegapixels;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        validate();
        PrintStream err = System.err;
        InputFiles.Found found = InputFiles.scan(inputs);
        if (report(found, err)) {
            return SharpStepCli.FAILED;
        }
        if (outputDir != null) {
            OutputFolder.prepare(outputDir);
        }
        JobSettings settings = new JobSettings(outputDir, format == null ? null : ImageFormat.lookup(format),
                quality / 100f, Math.round(maxMegapixels * 1_000_000), compare != null, !noMetadata, provenance);
        ModelPack pack = engine.pack(PackCatalog.standard());
        List<Path> files = found.photos();
        CancelToken cancel = new CancelToken();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(cancel, finished), "sharpstep-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(files, pack, settings, cancel, err);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // Already shutting down: the hook is running and has just been released.
            }
        }
    }

    private int run(List<Path> files, ModelPack pack, JobSettings settings, CancelToken cancel, PrintStream err) {
        int failed = 0;
        try (Upscaler up = Engine.open(pack, engine.options())) {
            err.println("Model: " + Safe.text(pack.summary()) + " on " + Safe.text(up.device().describe()));
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                TerminalProgress bar = new TerminalProgress(err, System.console() != null,
                        "[" + (i + 1) + "/" + files.size() + "] " + Safe.text(f.getFileName()));
                try (JobOutcome r = UpscaleJob.run(f, up, settings, bar, cancel)) {
                    bar.finish();
                    switch (r.status()) {
                        case DONE -> System.out.println(Safe.text(f) + " -> " + Safe.text(String.join(", ",
                                r.written().stream().map(Path::toString).toList())));
                        case FAILED -> {
                            failed++;
                            err.println("sharpstep: " + Safe.text(r.message()));
                            if (!r.written().isEmpty()) {
                                err.println("sharpstep: written before it failed: " + Safe.text(String.join(", ",
                                        r.written().stream().map(Path::toString).toList())));
                            }
                        }
                        case CANCELLED -> {
                            err.println("sharpstep: cancelled; " + Safe.text(f.getFileName()) + " was not written.");
                            err.flush();
                            return SharpStepCli.CANCELLED;
                        }
                    }
                }
            }
        }
        if (failed > 0) {
            err.println("sharpstep: " + failed + " of " + files.size() + " photos failed.");
            return SharpStepCli.FAILED;
        }
        return SharpStepCli.OK;
    }

    /**
     * The shutdown hook (SIGINT, SIGTERM): cancel the photo in progress, then give it a bounded time to stop,
     * remove its temporary files and print that it was not written. The JVM ends when this returns.
     */
    private static void stop(CancelToken cancel, CountDownLatch finished) {
        cancel.cancel();
        try {
            finished.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every option checked before any work, each failure naming the valid values. */
    private void validate() {
        if (outputDir != null && outputDir.toString().isBlank()) {
            throw option("-o/--output needs a folder name; it was given an empty one.");
        }
        if (compare != null && !compare.equalsIgnoreCase("bicubic")) {
            throw option("--compare takes 'bicubic', not '" + compare + "'.");
        }
        if (quality < 0 || quality > 100) {
            throw option("--quality must be between 0 and 100, not " + quality + ".");
        }
        if (!(maxMegapixels > 0 && maxMegapixels <= MAX_MEGAPIXELS)) {
            throw option("--max-megapixels must be more than 0 and at most " + (int) MAX_MEGAPIXELS + ", not "
                    + plain(maxMegapixels) + ".");
        }
        if (format != null) {
            ImageFormat.lookup(format);
        }
        engine.validate();
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static SharpStepException option(String sentence) {
        return new SharpStepException(SharpStepException.Kind.OPTION, sentence);
    }

    /**
     * Says which files were skipped as earlier results and which folders hold no photo; true when there is
     * nothing at all to do.
     */
    private static boolean report(InputFiles.Found found, PrintStream err) {
        Map<Path, List<Path>> skipped = new LinkedHashMap<>();
        for (Path p : found.skippedResults()) {
            skipped.computeIfAbsent(p.getParent(), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<Path, List<Path>> e : skipped.entrySet()) {
            List<Path> files = e.getValue();
            if (found.emptyFolders().contains(e.getKey())) {
                continue;
            }
            err.println("sharpstep: skipped " + count(files.size()) + " in " + Safe.text(e.getKey())
                    + " that " + (files.size() == 1 ? "is an earlier SharpStep result" : "are earlier SharpStep results")
                    + " (" + Safe.text(examples(files)) + ").");
        }
        for (Path dir : found.emptyFolders()) {
            List<Path> results = skipped.getOrDefault(dir, List.of());
            err.println("sharpstep: no photos found in " + Safe.text(dir) + (results.isEmpty() ? "" : " ("
                    + count(results.size()) + " there " + (results.size() == 1 ? "is an earlier SharpStep result"
                    : "are earlier SharpStep results") + ", skipped)") + ".");
        }
        return found.photos().isEmpty();
    }

    private static String count(int n) {
        return n == 1 ? "1 file" : n + " files";
    }

    private static String examples(List<Path> files) {
        List<String> names = files.stream().limit(3).map(p -> p.getFileName().toString()).toList();
        return String.join(", ", names) + (files.size() > 3 ? ", …" : "");
    }
}
