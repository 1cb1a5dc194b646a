package io.sharpstep.jobs;

import io.sharpstep.core.CancelledException;
import io.sharpstep.core.FloatImage;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Stage;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.ops.Bicubic;
import io.sharpstep.image.ImageFiles;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.image.ImageSaver;
import io.sharpstep.image.LoadedImage;
import io.sharpstep.image.OutputNames;
import io.sharpstep.image.Provenance;
import io.sharpstep.image.SaveOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One photo through one upscaler: read (with the pixel limit), enlarge colour with the model and alpha with
 * bicubic, write under a collision-safe name through a temporary file. Nothing is written unless the whole
 * job succeeds; the input is never touched.
 */
public final class UpscaleJob {
    private UpscaleJob() {
    }

    public static JobResult run(Path input, Upscaler upscaler, JobSettings settings, RunContext ctx) {
        try {
            ctx.cancel().check();
            LoadedImage img = ctx.timings().time(Timings.Part.IO, () -> ImageFiles.read(input, settings.maxPixels()));
            FloatImage out = upscaler.upscale(img.rgb(), img.bitsPerValue() == 8, ctx);
            int scale = upscaler.scale();
            FloatImage alpha = img.alpha() == null ? null : ctx.timings().time(Timings.Part.BICUBIC,
                    () -> Bicubic.upscale(img.alpha(), scale, img.bitsPerValue() == 8));
            ctx.cancel().check();
            SaveOptions plain = saveOptions(input, img, settings);
            SaveOptions save = settings.provenance() ? plain.withProvenance(provenance(upscaler)) : plain;
            Path dir = settings.outputDir() != null ? settings.outputDir() : input.toAbsolutePath().getParent();
            String stem = OutputNames.stem(input);
            String ext = save.format().extension();
            List<Path> written = new ArrayList<>();
            ctx.listener().onProgress(new io.sharpstep.core.Progress(Stage.WRITE, 0, 1, 1.0, 0));
            Path target = OutputNames.next(dir, stem, "_x" + scale, ext);
            ctx.timings().time(Timings.Part.IO, () -> ImageSaver.save(target, out, alpha, img.metadata(), save));
            written.add(target);
            if (settings.compareBicubic() && !upscaler.pack().id().equals(ModelPack.BICUBIC_ID)) {
                written.addAll(writeComparison(img, out, alpha, scale, dir, stem, save, ctx));
            }
            return new JobResult(input, JobResult.Status.DONE, List.copyOf(written), "", ctx.timings());
        } catch (CancelledException e) {
            return new JobResult(input, JobResult.Status.CANCELLED, List.of(), "Cancelled.", ctx.timings());
        } catch (SharpStepException e) {
            return new JobResult(input, JobResult.Status.FAILED, List.of(), e.getMessage(), ctx.timings());
        } catch (OutOfMemoryError e) {
            return new JobResult(input, JobResult.Status.FAILED, List.of(), input.getFileName()
                    + " needs more memory than Java may use: give it more (-Xmx) or use smaller photos.",
                    ctx.timings());
        }
    }

    private static List<Path> writeComparison(LoadedImage img, FloatImage out, FloatImage alpha, int scale, Path dir,
                                              String stem, SaveOptions save, RunContext ctx) {
        FloatImage bicubic = ctx.timings().time(Timings.Part.BICUBIC,
                () -> Bicubic.upscale(img.rgb(), scale, img.bitsPerValue() == 8));
        Path bic = OutputNames.next(dir, stem, "_bicubic_x" + scale, save.format().extension());
        ctx.timings().time(Timings.Part.IO, () -> ImageSaver.save(bic, bicubic, alpha, img.metadata(), save));
        FloatImage sideBySide = SideBySide.of(bicubic, out);
        Path cmp = OutputNames.next(dir, stem, "_compare_x" + scale, save.format().extension());
        ctx.timings().time(Timings.Part.IO, () -> ImageSaver.save(cmp, sideBySide, null, img.metadata(), save));
        return List.of(bic, cmp);
    }

    /** The pack's real kind, name, scale and precision, the device apart (not its fallback story). */
    static Provenance provenance(Upscaler up) {
        ModelPack p = up.pack();
        boolean bicubic = p.manifest().kind() == io.sharpstep.engine.pack.PackKind.BICUBIC;
        String device = bicubic ? "CPU" : up.device().used() == io.sharpstep.core.DeviceKind.CUDA
                ? "CUDA " + up.device().index() : "CPU";
        return new Provenance(p.manifest().name(), p.id(), p.manifest().kind().key(), p.manifest().scale(),
                bicubic ? "" : p.manifest().precision().key(), Version.current(), device);
    }

    /** The output format for this input: the one asked for, else the input's own family where we can write it. */
    static SaveOptions saveOptions(Path input, LoadedImage img, JobSettings s) {
        ImageFormat f = s.format();
        if (f == null) {
            String n = img.formatName().toLowerCase(Locale.ROOT);
            f = n.contains("jp") ? ImageFormat.JPEG : n.contains("tif") ? ImageFormat.TIFF : ImageFormat.PNG;
        }
        return new SaveOptions(f, s.jpegQuality(), img.bitsPerValue() > 8 ? 16 : 8)
                .withKeepMetadata(s.keepMetadata());
    }
}
