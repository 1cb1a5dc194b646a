package io.sharpstep.image;

import io.sharpstep.core.Failures;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.raster.Picture;
import io.sharpstep.raster.ResultRaster;
import io.sharpstep.raster.ResultSink;

import java.awt.image.RenderedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes results so that no photo is ever lost: pixels are encoded from a {@link Picture} (strip by strip, never
 * the whole image in memory) into a temporary file beside the target, metadata is added, and the finished file
 * is then linked into place under the first free name: an existing directory entry, dangling links included, is
 * never replaced or followed, and a name taken meanwhile by another run just moves on to the next. A failed write
 * (disk full, no permission) leaves nothing behind. Temporary names are short and carry the process id, so those
 * a killed process left are recognised and removed by the next save into the folder.
 * The metadata describes the source photo; what depends on the size (pixel dimensions, resolution) is adapted to
 * the pixels written, scaled by the ratio of their height to the source's.
 */
public final class ImageSaver {
    /** Encodes an image into a file; replaceable in tests to simulate a failing disk. */
    @FunctionalInterface
    interface Encoder {
        void encode(RenderedImage img, Path file, SaveOptions opts) throws IOException;
    }

    private static final String DISK_FULL = "the disk is full";
    /** {@code .ss<pid>-<n>.part}: short whatever the result's name, and the owner recognisable. */
    private static final Pattern PART = Pattern.compile("\\.ss(\\d+)-\\d+\\.part");
    private static final AtomicLong COUNTER = new AtomicLong();

    private ImageSaver() {
    }

    /**
     * Writes {@code pic} into {@code dir} under the first free name of {@code names} (tried in order; more come as
     * long as names are taken) and returns the file written.
     */
    public static Path save(Path dir, Iterator<String> names, Picture pic, PhotoMetadata meta, SaveOptions opts) {
        return save(dir, names, pic, meta, opts, PixelEncoder::encode);
    }

    /** Writes small in-memory pixels to exactly {@code target}, which must not exist (tests, region previews). */
    public static void save(Path target, FloatImage rgb, FloatImage alpha, PhotoMetadata meta, SaveOptions opts) {
        save(target, rgb, alpha, meta, opts, PixelEncoder::encode);
    }

    static void save(Path target, FloatImage rgb, FloatImage alpha, PhotoMetadata meta, SaveOptions opts,
                     Encoder encoder) {
        boolean withAlpha = alpha != null && opts.format().supportsAlpha();
        try (ResultRaster raster = ResultRaster.inHeap(rgb.width(), rgb.height(), withAlpha ? 4 : 3,
                opts.effectiveBits())) {
            new ResultSink(raster, alpha == null ? null : alpha.asSource(32))
                    .put(new Rect(0, 0, rgb.width(), rgb.height()), rgb);
            String name = target.getFileName().toString();
            Path dir = target.toAbsolutePath().getParent();
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new SharpStepException(SharpStepException.Kind.OUTPUT, name
                        + " already exists; SharpStep never overwrites files.");
            }
            save(dir, List.of(name).iterator(), raster, meta, opts, encoder);
        }
    }

    static Path save(Path dir, Iterator<String> names, Picture pic, PhotoMetadata meta, SaveOptions opts,
                     Encoder encoder) {
        String first = names.hasNext() ? names.next() : "result";
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Cannot write " + first + ": the output folder "
                    + dir + " is a file, not a folder.");
        }
        List<Path> temps = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            removeAbandoned(dir);
            Path pixels = temp(dir, temps);
            RenderedImage img = opts.format() == ImageFormat.JPEG ? PictureImage.single(pic) : PictureImage.strips(pic);
            encoder.encode(img, pixels, opts);
            RawMetadata out = outputMetadata(meta == null ? PhotoMetadata.NONE : meta, pic.width(), pic.height(),
                    opts);
            Path done = withMetadata(pixels, out, opts.format(), dir, temps);
            try (FileChannel ch = FileChannel.open(done, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            return claim(done, dir, first, names);
        } catch (AccessDeniedException e) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Cannot write " + first
                    + ": no permission to write in " + dir + ".", e);
        } catch (IOException e) {
            String why = reason(e);
            throw new SharpStepException(why.equals(DISK_FULL) ? SharpStepException.Kind.DISK_FULL
                    : SharpStepException.Kind.OUTPUT, "Cannot write " + first + ": " + why + ".", e);
        } finally {
            for (Path t : temps) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException ignored) {
                    // Best effort: the original error is what the user needs to see.
                }
            }
        }
    }

    /**
     * Gives the finished temporary file its name: a hard link fails if the name exists in any form (file, folder,
     * dangling link), so nothing is ever replaced or followed; a taken name moves on to the next one. Where the
     * file system has no hard links, a check and an atomic rename do (a rename can replace a name that appears in
     * between, which the link cannot).
     */
    private static Path claim(Path done, Path dir, String first, Iterator<String> more) throws IOException {
        for (String name = first; name != null; name = more.hasNext() ? more.next() : null) {
            Path target = dir.resolve(name);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.createLink(target, done);
                Files.delete(done);
                return target;
            } catch (FileAlreadyExistsException taken) {
                continue;
            } catch (UnsupportedOperationException | FileSystemException noLinks) {
                if (noLinks instanceof FileSystemException fse && Failures.isDiskFull(fse)) {
                    throw fse;
                }
            }
            try {
                Files.move(done, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(done, target);
            }
            return target;
        }
        throw new FileAlreadyExistsException(dir.resolve(first).toString());
    }

    private static Path temp(Path dir, List<Path> temps) throws IOException {
        // Not createTempFile: its owner-only permissions would stick to the result; this honours the umask.
        for (int tries = 0; ; tries++) {
            Path t = dir.resolve(".ss" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + ".part");
            try {
                Files.createFile(t);
                temps.add(t);
                return t;
            } catch (FileAlreadyExistsException e) {
                if (tries > 100) {
                    throw e;
                }
            }
        }
    }

    /** Removes temporary files of ours that a process no longer alive left in {@code dir}. Best effort. */
    static int removeAbandoned(Path dir) {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".ss*.part")) {
            for (Path f : files) {
                Matcher m = PART.matcher(f.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                    Files.deleteIfExists(f);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Not allowed to look or delete: the new result is written all the same.
        }
        return removed;
    }

    private static boolean alive(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Path withMetadata(Path pixels, RawMetadata m, ImageFormat format, Path dir, List<Path> temps)
            throws IOException {
        if (format == ImageFormat.TIFF) {
            TiffMetadata.append(pixels.toFile(), m);
            return pixels;
        }
        Path full = temp(dir, temps);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(full,
                     StandardOpenOption.TRUNCATE_EXISTING), 1 << 16)) {
            if (format == ImageFormat.JPEG) {
                JpegMetadata.write(pixels, out, m);
            } else {
                PngMetadata.write(pixels, out, m);
            }
        }
        Files.delete(pixels);
        temps.remove(pixels);
        return full;
    }

    /** The blocks to write for a {@code w × h} result. The colour profile is kept even without keepMetadata. */
    static RawMetadata outputMetadata(PhotoMetadata meta, int w, int h, SaveOptions opts) {
        byte[] icc = meta.icc() == null ? null : meta.icc().getData();
        byte[] xmpIn = opts.keepMetadata() ? meta.xmp() : null;
        byte[] xmp = XmpPacket.forOutput(xmpIn, w, h, opts.provenance());
        if (!opts.keepMetadata()) {
            return new RawMetadata(icc, null, xmp, null, null);
        }
        double factor = meta.height() > 0 ? (double) h / meta.height() : 1;
        Resolution res = meta.resolution() == null ? null : meta.resolution().scaled(factor);
        return new RawMetadata(icc, ExifBlock.forOutput(meta.exif(), w, h, factor), xmp, meta.iptc(), res);
    }

    private static String reason(IOException e) {
        if (Failures.isDiskFull(e)) {
            return DISK_FULL;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "every name for it is taken";
        }
        return String.valueOf(e.getMessage());
    }
}
