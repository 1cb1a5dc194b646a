package io.sharpstep.jobs;

import io.sharpstep.image.ImageFiles;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.image.SaveOptions;

import java.nio.file.Path;

/**
 * Settings shared by every photo of a batch.
 *
 * @param outputDir      where results go; null = beside each input
 * @param format         output format; null = same family as the input (PNG for formats we cannot write)
 * @param jpegQuality    0..1
 * @param maxPixels      input pixel limit (decompression-bomb guard)
 * @param compareBicubic also write the bicubic ×scale result and a side-by-side comparison
 * @param keepMetadata   carry EXIF, XMP, IPTC and resolution over (the colour profile is always kept)
 * @param provenance     add an XMP note of model, version and settings
 * @param scratch        folder for temporary data of large photos; null = the standard one
 * @param modelInName    put the pack's id in output names ({@code photo_x4_realesrgan-x4plus.png})
 */
public record JobSettings(Path outputDir, ImageFormat format, float jpegQuality, long maxPixels,
                          boolean compareBicubic, boolean keepMetadata, boolean provenance, Path scratch,
                          boolean modelInName) {
    public static final JobSettings DEFAULT = new JobSettings(null, null, SaveOptions.DEFAULT_JPEG_QUALITY, ImageFiles.DEFAULT_MAX_PIXELS,
            false);

    /** Output names without the pack. */
    public JobSettings(Path outputDir, ImageFormat format, float jpegQuality, long maxPixels, boolean compareBicubic,
                       boolean keepMetadata, boolean provenance, Path scratch) {
        this(outputDir, format, jpegQuality, maxPixels, compareBicubic, keepMetadata, provenance, scratch, false);
    }

    /** The same settings, with or without the pack's id in output names. */
    public JobSettings withModelInName(boolean on) {
        return new JobSettings(outputDir, format, jpegQuality, maxPixels, compareBicubic, keepMetadata, provenance,
                scratch, on);
    }

    /** The standard scratch folder. */
    public JobSettings(Path outputDir, ImageFormat format, float jpegQuality, long maxPixels, boolean compareBicubic,
                       boolean keepMetadata, boolean provenance) {
        this(outputDir, format, jpegQuality, maxPixels, compareBicubic, keepMetadata, provenance, null);
    }

    /** The same settings with temporary data in {@code folder}. */
    public JobSettings withScratch(Path folder) {
        return new JobSettings(outputDir, format, jpegQuality, maxPixels, compareBicubic, keepMetadata, provenance,
                folder, modelInName);
    }

    /** Metadata kept, no provenance note. */
    public JobSettings(Path outputDir, ImageFormat format, float jpegQuality, long maxPixels,
                       boolean compareBicubic) {
        this(outputDir, format, jpegQuality, maxPixels, compareBicubic, true, false);
    }
}
