package io.sharpstep.jobs;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Sizes;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.WorkEstimate;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.image.ImageHeader;
import io.sharpstep.image.SaveOptions;
import io.sharpstep.image.TiffCompression;
import io.sharpstep.raster.ResultRaster;
import io.sharpstep.raster.ScratchFiles;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What one photo will need, worked out from its header, the pack and the output format before any pixel is
 * decoded, and checked against what this machine has: heap, scratch disk, disk for the result, and the output
 * format's own limits. A job that cannot fit is refused in one sentence instead of failing after the work.
 *
 * @param outW           result width
 * @param outH           result height
 * @param channels       3, or 4 with transparency the format keeps
 * @param bits           8 or 16 per sample written
 * @param heapBytes      Java heap the job needs at its peak (decoded photo, tiles, buffers)
 * @param canvasesOnDisk whether the engine's intermediate canvases go to scratch files
 * @param resultOnDisk   whether the result's samples live in a scratch file
 * @param scratchBytes   scratch disk needed
 * @param outputBytes    estimated size of the files written (result, and comparison files)
 * @param largestFile    estimated size of the largest single file (written twice over while its metadata goes in)
 */
public record JobPlan(int outW, int outH, int channels, int bits, long heapBytes, boolean canvasesOnDisk,
                      boolean resultOnDisk, long scratchBytes, long outputBytes, long largestFile) {
    /** Results up to this size keep their samples in the heap. */
    static final long RESULT_HEAP_LIMIT = 64L << 20;
    /** Intermediate canvases up to this size stay in the heap. */
    static final long CANVAS_HEAP_LIMIT = 128L << 20;
    /** JPEG's own limit on a side. */
    static final int JPEG_MAX_SIDE = 65_535;
    /** Classic TIFF's 32-bit offsets (the writer makes no BigTIFF). */
    static final long TIFF_MAX_BYTES = (4L << 30) - (1L << 20);
    /** Heap beyond the estimate: the app itself, ImageIO, encoders. */
    static final long HEAP_MARGIN = 96L << 20;

    /** The plan for {@code header} enlarged by {@code up} and written as {@code save} says. */
    public static JobPlan of(ImageHeader header, Upscaler up, SaveOptions save, boolean compare) {
        long ow = header.width() * up.scale();
        long oh = header.height() * up.scale();
        String name = header.name();
        if (ow > Integer.MAX_VALUE || oh > Integer.MAX_VALUE) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, name + " would be " + Sizes.pixels(ow, oh)
                    + " enlarged, more than SharpStep can make.");
        }
        ImageFormat f = save.format();
        if (f == ImageFormat.JPEG && (ow > JPEG_MAX_SIDE || oh > JPEG_MAX_SIDE)) {
            throw new SharpStepException(SharpStepException.Kind.OPTION, name + " would be " + ow + "×" + oh
                    + " pixels enlarged, more than JPEG can hold (65,535 pixels a side): choose PNG or TIFF.");
        }
        int channels = header.alpha() && f.supportsAlpha() ? 4 : 3;
        int bits = save.effectiveBits();
        long raw = ResultRaster.bytes((int) ow, (int) oh, channels, bits);
        if (f == ImageFormat.TIFF && raw > TIFF_MAX_BYTES) {
            throw new SharpStepException(SharpStepException.Kind.OPTION, name + " would be about " + Sizes.bytes(raw)
                    + " enlarged, more than a TIFF file can hold (4 GB): choose PNG.");
        }
        WorkEstimate work = up.estimate((int) header.width(), (int) header.height());
        boolean canvasesOnDisk = work.canvasBytes() > CANVAS_HEAP_LIMIT;
        boolean resultOnDisk = raw > RESULT_HEAP_LIMIT;
        int copies = compare ? 2 : 1; // the bicubic comparison is a second result of the same size
        long resultHeap = resultOnDisk ? copies * pendingBytes(raw) : copies * raw;
        long heap = header.decodedBytes() + work.heapBytes() + (canvasesOnDisk ? 0 : work.canvasBytes()) + resultHeap
                + HEAP_MARGIN;
        long scratch = (canvasesOnDisk ? work.canvasBytes() : 0) + (resultOnDisk ? copies * raw : 0);
        long file = fileBytes(raw, save);
        long output = compare ? file * 4 : file; // result, bicubic, and the side-by-side at twice the width
        return new JobPlan((int) ow, (int) oh, channels, bits, heap, canvasesOnDisk, resultOnDisk, scratch, output,
                compare ? 2 * file : file);
    }

    /** What the result raster buffers in the heap while rows are finished out of order. */
    private static long pendingBytes(long raw) {
        return Math.min(raw, ResultRaster.PENDING_LIMIT);
    }

    /** Estimated file size: compressed photos are well under their raw size; JPEG at high quality about a third. */
    static long fileBytes(long raw, SaveOptions save) {
        return switch (save.format()) {
            case JPEG -> save.quality() > 0.95f ? raw / 2 : raw / 4;
            case PNG -> raw * 3 / 4;
            case TIFF -> save.tiffCompression() == TiffCompression.NONE ? raw : raw * 3 / 4;
        };
    }

    /** {@link #check(String, long, long, Path, long, Path)} with what this machine has now. */
    public void check(String name, Path scratch, Path outputDir) {
        check(name, heapAvailable(heapBytes), ScratchFiles.usableSpace(scratch), scratch,
                ScratchFiles.usableSpace(outputDir), outputDir);
    }

    /**
     * Refuses, in one sentence naming {@code name}, what this machine cannot give: heap, free disk for temporary
     * data in {@code scratch} and for the result in {@code outputDir}.
     */
    public void check(String name, long heapAvailable, long scratchFree, Path scratch, long outputFree,
                      Path outputDir) {
        if (heapBytes > heapAvailable) {
            throw new SharpStepException(SharpStepException.Kind.MEMORY, name + " needs about "
                    + Sizes.bytes(heapBytes) + " of memory, but Java may use only " + Sizes.bytes(heapAvailable)
                    + " more: give Java more (-Xmx), or close other photos.");
        }
        if (scratchBytes > scratchFree) {
            throw new SharpStepException(SharpStepException.Kind.DISK_FULL, name + " needs about "
                    + Sizes.bytes(scratchBytes) + " of free disk for temporary data in " + scratch + "; "
                    + Sizes.bytes(scratchFree) + " are free.");
        }
        long need = outputBytes + largestFile;
        if (need > outputFree) {
            throw new SharpStepException(SharpStepException.Kind.DISK_FULL, name + " needs about " + Sizes.bytes(need)
                    + " of free disk in " + outputDir + " for its result; " + Sizes.bytes(outputFree) + " are free.");
        }
    }

    /** One line for logs and the bench command. */
    public String describe() {
        return String.format(Locale.ROOT, "result %d×%d, heap %s, scratch %s%s%s, output about %s", outW, outH,
                Sizes.bytes(heapBytes), Sizes.bytes(scratchBytes), canvasesOnDisk ? " (canvases on disk)" : "",
                resultOnDisk ? " (result on disk)" : "", Sizes.bytes(outputBytes));
    }

    /** How much more heap Java may take now (collecting garbage first if that may decide it). */
    public static long heapAvailable(long wanted) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (free < wanted) {
            System.gc();
            free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }
        return free;
    }
}
