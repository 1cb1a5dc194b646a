package io.sharpstep.cli;

import io.sharpstep.core.CancelToken;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.Engine;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.jobs.InputFiles;
import io.sharpstep.jobs.JobOutcome;
import io.sharpstep.jobs.JobSettings;
import io.sharpstep.jobs.UpscaleJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code sharpstep upscale IN... [-o DIR] ...}: enlarges each photo; a failure does not stop the batch. */
@Command(name = "upscale", mixinStandardHelpOptions = true,
        description = "Enlarge photos (files or folders). Results are written as NAME_x4.EXT, never over a file.")
final class UpscaleCommand implements Callable<Integer> {
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

    @Option(names = "--max-megapixels", defaultValue = "100", description = "Refuse inputs above this size.")
    long maxMegapixels;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        if (compare != null && !compare.equalsIgnoreCase("bicubic")) {
            throw new io.sharpstep.core.SharpStepException(io.sharpstep.core.SharpStepException.Kind.OPTION, "--compare takes 'bicubic', not '" + compare + "'.");
        }
        if (quality < 0 || quality > 100) {
            throw new io.sharpstep.core.SharpStepException(io.sharpstep.core.SharpStepException.Kind.OPTION, "--quality must be between 0 and 100.");
        }
        JobSettings settings = new JobSettings(outputDir, format == null ? null : ImageFormat.lookup(format),
                quality / 100f, maxMegapixels * 1_000_000L, compare != null, !noMetadata, provenance);
        List<Path> files = InputFiles.expand(inputs);
        PrintStream err = System.err;
        ModelPack pack = engine.pack(PackCatalog.standard());
        int failed = 0;
        CancelToken cancel = new CancelToken();
        Thread hook = new Thread(cancel::cancel);
        Runtime.getRuntime().addShutdownHook(hook);
        try (Upscaler up = Engine.open(pack, engine.options())) {
            err.println("Model: " + pack.summary() + " on " + up.device().describe());
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                TerminalProgress bar = new TerminalProgress(err, System.console() != null,
                        "[" + (i + 1) + "/" + files.size() + "] " + f.getFileName());
                try (JobOutcome r = UpscaleJob.run(f, up, settings, bar, cancel)) {
                    bar.finish();
                    switch (r.status()) {
                        case DONE -> System.out.println(f + " -> " + String.join(", ",
                                r.written().stream().map(Path::toString).toList()));
                        case FAILED -> {
                            failed++;
                            err.println("sharpstep: " + r.message());
                            if (!r.written().isEmpty()) {
                                err.println("sharpstep: written before it failed: " + String.join(", ",
                                        r.written().stream().map(Path::toString).toList()));
                            }
                        }
                        case CANCELLED -> {
                            err.println("sharpstep: cancelled; " + f.getFileName() + " was not written.");
                            return 130;
                        }
                    }
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // Already shutting down: the hook is running.
            }
        }
        if (failed > 0) {
            err.println("sharpstep: " + failed + " of " + files.size() + " photos failed.");
            return 1;
        }
        return 0;
    }

}
