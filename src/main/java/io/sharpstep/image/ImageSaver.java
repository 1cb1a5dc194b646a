package io.sharpstep.image;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.SharpStepException;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes results so that no photo is ever lost: into temporary files beside the target, then moved into place
 * atomically; an existing file is never replaced, and a failed write (disk full, no permission) leaves nothing
 * behind. The metadata describes the source photo; what depends on the size (pixel dimensions, resolution) is
 * adapted to the pixels written, scaled by the ratio of their height to the source's.
 */
public final class ImageSaver {
    /** Encodes pixels into a file; replaceable in tests to simulate a failing disk. */
    @FunctionalInterface
    interface Encoder {
        void encode(BufferedImage img, Path file, SaveOptions opts) throws IOException;
    }

    private static final String DISK_FULL = "the disk is full";

    private ImageSaver() {
    }

    /** Writes {@code rgb} (and {@code alpha}, if the format holds it) to {@code target}, which must not exist. */
    public static void save(Path target, FloatImage rgb, FloatImage alpha, PhotoMetadata meta, SaveOptions opts) {
        save(target, rgb, alpha, meta, opts, PixelEncoder::encode);
    }

    static void save(Path target, FloatImage rgb, FloatImage alpha, PhotoMetadata meta, SaveOptions opts,
                     Encoder encoder) {
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        if (Files.exists(target)) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, name + " already exists; SharpStep never overwrites files.");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Cannot write " + name + ": the output folder " + dir
                    + " is a file, not a folder.");
        }
        List<Path> temps = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Path pixels = temp(dir, name, temps);
            BufferedImage img = PixelEncoder.toImage(rgb, alpha, opts.effectiveBits(), opts.format().supportsAlpha());
            encoder.encode(img, pixels, opts);
            RawMetadata out = outputMetadata(meta == null ? PhotoMetadata.NONE : meta, rgb.width(), rgb.height(),
                    opts);
            Path done = withMetadata(pixels, out, opts.format(), dir, name, temps);
            try (FileChannel ch = FileChannel.open(done, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            move(done, target);
            temps.remove(done);
        } catch (AccessDeniedException e) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Cannot write " + name + ": no permission to write in " + dir + ".", e);
        } catch (IOException e) {
            String why = reason(e);
            throw new SharpStepException(why.equals(DISK_FULL) ? SharpStepException.Kind.DISK_FULL
                    : SharpStepException.Kind.OUTPUT, "Cannot write " + name + ": " + why + ".", e);
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

    private static Path temp(Path dir, String name, List<Path> temps) throws IOException {
        // Not createTempFile: its owner-only permissions would stick to the result; this honours the umask.
        Path t = Files.createFile(dir.resolve("." + name + "." + java.util.UUID.randomUUID() + ".part"));
        temps.add(t);
        return t;
    }

    private static Path withMetadata(Path pixels, RawMetadata m, ImageFormat format, Path dir, String name,
                                     List<Path> temps) throws IOException {
        if (format == ImageFormat.TIFF) {
            TiffMetadata.append(pixels.toFile(), m);
            return pixels;
        }
        Path full = temp(dir, name, temps);
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
        String m = String.valueOf(e.getMessage());
        if (m.toLowerCase(Locale.ROOT).contains("no space left") || m.contains("ENOSPC")
                || m.toLowerCase(Locale.ROOT).contains("disk full")) {
            return DISK_FULL;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name appeared meanwhile";
        }
        return m;
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            // The temp file is in the target's folder, so the rename is atomic; it fails if the target
            // appeared meanwhile rather than replacing it (Linux rename(2) would replace: check right before).
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
    }
}
