package io.sharpstep.jobs;

import io.sharpstep.core.AppVersion;
import io.sharpstep.core.CancelToken;
import io.sharpstep.core.CancelledException;
import io.sharpstep.core.Failures;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Progress;
import io.sharpstep.core.ProgressListener;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Stage;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.ops.Bicubic;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.image.ImageFiles;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.image.ImageSaver;
import io.sharpstep.image.LoadedImage;
import io.sharpstep.image.OutputNames;
import io.sharpstep.image.Provenance;
import io.sharpstep.image.SaveOptions;
import io.sharpstep.raster.Picture;
import io.sharpstep.raster.ResultRaster;
import io.sharpstep.raster.ResultSink;
import io.sharpstep.raster.ScratchFiles;
import io.sharpstep.raster.SideBySide;
import io.sharpstep.raster.Workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One photo through one upscaler: read the header, plan (refusing in one sentence what cannot fit), decode,
 * enlarge colour with the model and alpha with bicubic region by region into the result's samples, and write
 * them under a collision-safe name through a temporary file. Nothing at the output's resolution is held whole in
 * the heap: large results and intermediate data live in scratch files, released however the job ends. The input
 * is never touched; a cancelled or failed job leaves no partial file.
 */
public final class UpscaleJob {
    private UpscaleJob() {
    }

    /** Runs the job; the outcome holds the result's pixels until closed. */
    public static JobOutcome run(Path input, Upscaler upscaler, JobSettings settings, JobListener listener,
                                 CancelToken cancel) {
        Timings timings = new Timings();
        List<Path> written = new ArrayList<>();
        SourceFacts[] facts = new SourceFacts[1];
        ResultRaster result = null;
        try {
            cancel.check();
            Path dir = settings.outputDir() != null ? settings.outputDir() : input.toAbsolutePath().getParent();
            Path scratch = settings.scratch() != null ? settings.scratch() : ScratchFiles.folder();
            JobPlan[] plan = new JobPlan[1];
            SaveOptions[] save = new SaveOptions[1];
            LoadedImage img = timings.time(Timings.Part.IO, () -> ImageFiles.read(input, settings.maxPixels(), h -> {
                save[0] = saveOptions(h.format(), h.bits(), settings);
                plan[0] = JobPlan.of(h, upscaler, save[0], compares(settings, upscaler));
                plan[0].check(h.name(), scratch, dir);
            }));
            facts[0] = new SourceFacts(input, img.formatName(), img.width(), img.height(), img.bitsPerValue(),
                    img.alpha() != null);
            listener.on(new JobEvent.Decoded(facts[0], img));
            // The engine stops when the user cancels, or when writing the result has failed.
            CancelToken engineCancel = new CancelToken();
            Runnable passOn = engineCancel::cancel;
            cancel.onCancel(passOn);
            JobProgress progress = new JobProgress(listener, cancel, upscaler, compares(settings, upscaler) ? 3 : 1);
            RunContext ctx = new RunContext(progress.engine(listener), engineCancel, timings);
            SaveOptions options = withProvenance(save[0], settings, upscaler);
            String stem = OutputNames.stem(input);
            String ext = options.format().extension();
            int scale = upscaler.scale();
            result = newRaster(plan[0], scratch);
            ResultRaster pixels = result;
            String tag = settings.modelInName() ? "_" + upscaler.pack().id() : "";
            // Not booked as I/O while it overlaps the engine: only the part left when the engine is done is.
            BackgroundWrite writing = BackgroundWrite.start(() -> write(pixels.awaiting(), dir,
                    OutputNames.candidates(stem, "_x" + scale + tag, ext), img, options, progress, new Timings()),
                    engineCancel::cancel);
            try {
                enlarge(img, upscaler, plan[0], scratch, result, ctx);
            } catch (RuntimeException | Error e) {
                result.abort(e instanceof RuntimeException r ? r : new CancelledException());
                Throwable writeFailure = writing.failure();
                if (writeFailure instanceof RuntimeException w && !(w instanceof CancelledException)
                        && !cancel.isCancelled()) {
                    throw w; // writing failed first, and stopped the engine
                }
                throw e;
            } finally {
                cancel.remove(passOn);
            }
            progress.writing();
            Path main = timings.time(Timings.Part.IO, writing::join);
            written.add(main);
            listener.on(new JobEvent.Written(main));
            if (compares(settings, upscaler)) {
                writeComparison(img, result, plan[0], scratch, dir, stem, options, progress, ctx, written, listener);
            }
            progress.done();
            return new JobOutcome(input, JobOutcome.Status.DONE, facts[0], result, written, null, timings);
        } catch (CancelledException e) {
            release(result);
            return new JobOutcome(input, JobOutcome.Status.CANCELLED, facts[0], null, written, e, timings);
        } catch (RuntimeException | OutOfMemoryError e) {
            release(result);
            SharpStepException failure = Failures.of(e);
            if (failure.kind() == SharpStepException.Kind.MEMORY && e instanceof OutOfMemoryError) {
                failure = new SharpStepException(SharpStepException.Kind.MEMORY, input.getFileName()
                        + " needs more memory than Java may use: give it more (-Xmx) or close other work.", e);
            }
            Failures.report(failure);
            return new JobOutcome(input, JobOutcome.Status.FAILED, facts[0], null, written, failure, timings);
        }
    }

    private static void release(ResultRaster r) {
        if (r != null) {
            r.close();
        }
    }

    private static boolean compares(JobSettings s, Upscaler up) {
        return s.compareBicubic() && !up.pack().id().equals(ModelPack.BICUBIC_ID);
    }

    /** The enlarged colour (and alpha) as the samples to write, into {@code result}. */
    private static void enlarge(LoadedImage img, Upscaler up, JobPlan plan, Path scratch, ResultRaster result,
                                RunContext ctx) {
        try (Workspace ws = new Workspace(scratch, plan.canvasesOnDisk() ? 0 : JobPlan.CANVAS_HEAP_LIMIT)) {
            up.upscale(img.rgb(), sink(result, img, plan, ctx), ws, ctx);
            result.flush();
        }
    }

    private static ResultRaster newRaster(JobPlan plan, Path scratch) {
        return plan.resultOnDisk() ? ResultRaster.onDisk(scratch, plan.outW(), plan.outH(), plan.channels(),
                plan.bits()) : ResultRaster.inHeap(plan.outW(), plan.outH(), plan.channels(), plan.bits());
    }

    /** Where finished pixels go: quantised, with the alpha of the same region enlarged by bicubic. */
    private static ResultSink sink(ResultRaster raster, LoadedImage img, JobPlan plan, RunContext ctx) {
        PixelSource alpha = img.alpha() == null ? null
                : Bicubic.resized(img.alpha(), plan.outW(), plan.outH(), ctx.cancel()::check);
        return new ResultSink(raster, alpha);
    }

    private static Path write(Picture pic, Path dir, java.util.Iterator<String> names, LoadedImage img,
                              SaveOptions options, JobProgress progress, Timings timings) {
        Picture tracked = progress.tracking(pic);
        return timings.time(Timings.Part.IO, () -> ImageSaver.save(dir, names, tracked, img.metadata(), options));
    }

    /** The bicubic enlargement and a side-by-side of it with the result, for comparison. */
    private static void writeComparison(LoadedImage img, ResultRaster result, JobPlan plan, Path scratch, Path dir,
                                        String stem, SaveOptions options, JobProgress progress, RunContext ctx,
                                        List<Path> written, JobListener listener) {
        int scale = plan.outW() / img.width();
        String ext = options.format().extension();
        try (ResultRaster bicubic = newRaster(plan, scratch)) {
            PixelSource big = Bicubic.resized(img.rgb(), plan.outW(), plan.outH(), ctx.cancel()::check);
            ResultSink sink = sink(bicubic, img, plan, ctx);
            int rows = 256;
            for (int y = 0; y < plan.outH(); y += rows) {
                ctx.cancel().check();
                Rect band = new Rect(0, y, plan.outW(), Math.min(rows, plan.outH() - y));
                FloatImage px = ctx.timings().time(Timings.Part.BICUBIC, () -> big.read(band));
                sink.put(band, px);
            }
            bicubic.flush();
            Path bic = write(bicubic, dir, OutputNames.candidates(stem, "_bicubic_x" + scale, ext), img, options,
                    progress, ctx.timings());
            written.add(bic);
            listener.on(new JobEvent.Written(bic));
            Path cmp = write(new SideBySide(bicubic, result), dir, OutputNames.candidates(stem, "_compare_x" + scale,
                    ext), img, options, progress, ctx.timings());
            written.add(cmp);
            listener.on(new JobEvent.Written(cmp));
        }
    }

    private static SaveOptions withProvenance(SaveOptions plain, JobSettings settings, Upscaler up) {
        if (!settings.provenance()) {
            return plain;
        }
        return plain.withProvenance(provenance(up));
    }

    /** The pack's real kind, name, scale and precision, the device apart (not its fallback story). */
    static Provenance provenance(Upscaler up) {
        ModelPack p = up.pack();
        boolean bicubic = p.manifest().kind() == io.sharpstep.engine.pack.PackKind.BICUBIC;
        String device = bicubic ? "CPU" : up.device().used() == io.sharpstep.core.DeviceKind.CUDA
                ? "CUDA " + up.device().index() : "CPU";
        return new Provenance(p.manifest().name(), p.id(), p.manifest().kind().key(), p.manifest().scale(),
                bicubic ? "" : p.manifest().precision().key(), AppVersion.current(), device,
                p.manifest().info().version());
    }

    /** The output format for this input: the one asked for, else the input's own family where we can write it. */
    static SaveOptions saveOptions(String inputFormat, int inputBits, JobSettings s) {
        ImageFormat f = s.format();
        if (f == null) {
            String n = inputFormat.toLowerCase(Locale.ROOT);
            f = n.contains("jp") ? ImageFormat.JPEG : n.contains("tif") ? ImageFormat.TIFF : ImageFormat.PNG;
        }
        return new SaveOptions(f, s.jpegQuality(), inputBits > 8 ? 16 : 8).withKeepMetadata(s.keepMetadata());
    }

    /** Adapts the engine's reports (and the writing that follows them) into job events. */
    private static final class JobProgress {
        private final JobListener listener;
        private final CancelToken cancel;
        private final double engineShare;
        private final long start = System.nanoTime();
        private final int files;
        private int fileIndex;
        private double fraction;
        private volatile boolean engineDone;

        JobProgress(JobListener listener, CancelToken cancel, Upscaler up, int files) {
            this.listener = listener;
            this.cancel = cancel;
            this.files = files;
            // Writing is most of a bicubic job and a small part of a model's.
            this.engineShare = up.pack().id().equals(ModelPack.BICUBIC_ID) ? 0.5 : 0.9;
        }

        ProgressListener engine(JobListener l) {
            return new ProgressListener() {
                @Override
                public void onProgress(Progress p) {
                    report(p.stage(), p.tile(), p.tiles(), p.fraction() * engineShare);
                }

                @Override
                public void onTileDone(Rect region, FloatImage pixels) {
                    l.on(new JobEvent.TileDone(region, pixels));
                }
            };
        }

        /** The engine is done; what is left is writing (which may have begun meanwhile). */
        void writing() {
            engineDone = true;
            report(Stage.WRITE, 0, 1, Math.max(fraction, engineShare));
        }

        /**
         * A picture whose reads, as the encoder walks it, report how far writing is and stop it when cancelled (the
         * saver then removes its temporary files).
         */
        Picture tracking(Picture p) {
            int index = fileIndex++;
            int[] rowsRead = {0};
            return Picture.reading(p, (r, dst, off) -> {
                cancel.check();
                p.readBytes(r, dst, off);
                if (r.y() + r.height() > rowsRead[0]) {
                    rowsRead[0] = r.y() + r.height();
                    if (!engineDone) {
                        return; // while the engine runs, its progress is the job's
                    }
                    double within = (index + (double) rowsRead[0] / p.height()) / files;
                    report(Stage.WRITE, rowsRead[0], p.height(), engineShare + (1 - engineShare) * within * 0.98);
                }
            });
        }

        void done() {
            report(Stage.WRITE, 1, 1, 1.0);
        }

        private synchronized void report(Stage stage, int done, int of, double f) {
            fraction = Math.max(fraction, Math.min(1, f));
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = fraction > 0.02 ? elapsed * (1 - fraction) / fraction : -1;
            listener.on(new JobEvent.Progressed(new Progress(stage, done, of, fraction, eta)));
        }
    }
}
