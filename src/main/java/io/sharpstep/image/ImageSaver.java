package io.sharpstep.image;

import io.sharpstep.engine.FloatImage;
import io.sharpstep.engine.SharpStepException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * Writes results so that no photo is ever lost: into a temporary file beside the target, then moved into
 * place atomically; an existing file is never replaced, and a failed write (disk full, no permission)
 * leaves nothing behind.
 */
public final class ImageSaver {
    private ImageSaver() {
    }

    /** Writes {@code rgb} (and {@code alpha}, if the format holds it) to {@code target}, which must not exist. */
    public static void save(Path target, FloatImage rgb, FloatImage alpha, PhotoMetadata meta, SaveOptions opts) {
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        if (Files.exists(target)) {
            throw new SharpStepException(name + " already exists; SharpStep never overwrites files.");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SharpStepException("Cannot write " + name + ": the output folder " + dir
                    + " is a file, not a folder.");
        }
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + name + ".", ".part");
            BufferedImage img = toImage(rgb, opts.format().supportsAlpha() ? alpha : null, meta,
                    opts.effectiveBits());
            write(img, tmp, opts);
            move(tmp, target);
            tmp = null;
        } catch (AccessDeniedException e) {
            throw new SharpStepException("Cannot write " + name + ": no permission to write in " + dir + ".", e);
        } catch (IOException e) {
            throw new SharpStepException("Cannot write " + name + ": " + reason(e) + ".", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Best effort: the original error is what the user needs to see.
                }
            }
        }
    }

    private static String reason(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.toLowerCase(Locale.ROOT).contains("no space left") || m.contains("ENOSPC")
                || m.toLowerCase(Locale.ROOT).contains("disk full")) {
            return "the disk is full";
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

    private static void write(BufferedImage img, Path file, SaveOptions opts) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(opts.format().imageIoName());
        if (!writers.hasNext()) {
            throw new IOException("no writer for " + opts.format());
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                String[] types = param.getCompressionTypes();
                if (opts.format() == ImageFormat.TIFF && types != null) {
                    param.setCompressionType(Arrays.asList(types).contains("Deflate") ? "Deflate" : types[0]);
                } else if (types != null && types.length > 0 && param.getCompressionType() == null) {
                    param.setCompressionType(types[0]);
                }
                if (opts.format() == ImageFormat.JPEG) {
                    param.setCompressionQuality(opts.quality());
                }
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
            out.flush();
        } finally {
            writer.dispose();
        }
    }

    /** Float planes to an 8- or 16-bit image in the photo's colour space (sRGB if it had no profile). */
    static BufferedImage toImage(FloatImage rgb, FloatImage alpha, PhotoMetadata meta, int bits) {
        ColorSpace cs = meta.icc() != null ? new ICC_ColorSpace(meta.icc()) : ColorSpace.getInstance(ColorSpace.CS_sRGB);
        boolean hasAlpha = alpha != null;
        int bands = hasAlpha ? 4 : 3;
        int dataType = bits == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
        ComponentColorModel cm = new ComponentColorModel(cs, hasAlpha, false,
                hasAlpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
        int w = rgb.width();
        int h = rgb.height();
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        int max = bits == 16 ? 65535 : 255;
        int[] row = new int[w];
        for (int b = 0; b < bands; b++) {
            float[] src = b < 3 ? rgb.data() : alpha.data();
            int plane = b < 3 ? b : 0;
            for (int y = 0; y < h; y++) {
                int off = (plane * h + y) * w;
                for (int x = 0; x < w; x++) {
                    float v = src[off + x];
                    row[x] = v <= 0 || Float.isNaN(v) ? 0 : v >= 1 ? max : Math.round(v * max);
                }
                raster.setSamples(0, y, w, 1, b, row);
            }
        }
        BufferedImage img = new BufferedImage(cm, raster, false, null);
        if (bits == 8 && !hasAlpha && meta.icc() == null) {
            // JPEG and most viewers expect a plain RGB image type for sRGB data.
            BufferedImage plain = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            plain.getRaster().setRect(img.getRaster());
            return plain;
        }
        return img;
    }
}
