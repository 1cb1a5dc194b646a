package io.sharpstep.raster;

import io.sharpstep.core.Failures;
import io.sharpstep.core.SharpStepException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The intermediate data of one job: canvases in the heap while they fit the job's heap allowance, in scratch
 * files beyond it. Closing the workspace releases every canvas it made (on success, failure and cancel alike).
 */
public final class Workspace implements AutoCloseable {
    private final Path folder;
    private long heapLeft;
    private final List<FloatCanvas> canvases = new ArrayList<>();
    private long diskBytes;
    private long peakDiskBytes;

    /**
     * @param folder         where scratch files go (made if missing; abandoned files are removed)
     * @param heapAllowance  bytes of canvases the job may keep in the heap; larger ones go to disk
     */
    public Workspace(Path folder, long heapAllowance) {
        this.folder = folder;
        this.heapLeft = Math.max(0, heapAllowance);
    }

    /** A workspace that keeps everything in the heap (small images, tests). */
    public static Workspace inHeap() {
        return new Workspace(null, Long.MAX_VALUE);
    }

    /** A zero-filled canvas; {@code what} names its scratch file ("latent", "output", …). */
    public FloatCanvas canvas(String what, int channels, int width, int height) {
        long bytes = 4L * channels * width * height;
        FloatCanvas c;
        if (bytes <= heapLeft && bytes < Integer.MAX_VALUE || folder == null) {
            heapLeft -= bytes;
            c = FloatCanvas.inHeap(channels, width, height);
        } else {
            ScratchFiles.prepare(folder);
            c = new FileFloatCanvas(ScratchFiles.open(folder, what), channels, width, height);
            diskBytes += c.diskBytes();
            peakDiskBytes = Math.max(peakDiskBytes, diskBytes);
        }
        canvases.add(c);
        return c;
    }

    /** Releases a canvas before the workspace closes (its heap or disk is free again). */
    public void release(FloatCanvas c) {
        if (canvases.remove(c)) {
            diskBytes -= c.diskBytes();
            c.close();
        }
    }

    /** The most scratch disk this workspace's canvases held at once. */
    public long peakDiskBytes() {
        return peakDiskBytes;
    }

    /** The scratch folder, or null for an all-heap workspace. */
    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        for (FloatCanvas c : canvases) {
            c.close();
        }
        canvases.clear();
        diskBytes = 0;
    }

    /** A scratch I/O failure as the sentence a user needs ("the disk is full", mostly). */
    static SharpStepException failure(IOException e) {
        if (Failures.isDiskFull(e)) {
            return new SharpStepException(SharpStepException.Kind.DISK_FULL,
                    "The disk for temporary data is full.", e);
        }
        return new SharpStepException(SharpStepException.Kind.OUTPUT, "Temporary data could not be written or read.",
                e);
    }
}
