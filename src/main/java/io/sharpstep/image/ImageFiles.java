package io.sharpstep.image;

import io.sharpstep.engine.FloatImage;
import io.sharpstep.engine.SharpStepException;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/**
 * Reads photos into float planes without changing their colour space: samples are taken from the raster as
 * stored (8 or 16 bits), and an embedded ICC profile is kept so the result can carry it. The size is checked
 * against a pixel limit before any pixel is decoded.
 */
public final class ImageFiles {
    /** Default input limit: 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private ImageFiles() {
    }

    /** Reads {@code file}; every failure is a {@link SharpStepException} naming the file. */
    public static LoadedImage read(Path file, long maxPixels) {
        String name = file.getFileName().toString();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new SharpStepException(name + " does not exist.", e);
        } catch (IOException e) {
            throw new SharpStepException(name + " cannot be read: " + e.getMessage() + ".", e);
        }
        if (Files.isDirectory(file)) {
            throw new SharpStepException(name + " is a folder, not an image.");
        }
        if (size == 0) {
            throw new SharpStepException(name + " is empty (0 bytes).");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new SharpStepException(name + " cannot be opened.");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new SharpStepException(name + " is not an image SharpStep can read" + unsupportedHint(name)
                        + ".");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w * h > maxPixels) {
                    throw new SharpStepException(String.format(Locale.ROOT,
                            "%s is %d×%d (%.1f MP), above the limit of %.1f MP.", name, w, h, w * h / 1e6,
                            maxPixels / 1e6));
                }
                BufferedImage img = reader.read(0);
                return convert(img, reader.getFormatName().toUpperCase(Locale.ROOT));
            } finally {
                reader.dispose();
            }
        } catch (SharpStepException e) {
            throw e;
        } catch (AccessDeniedException e) {
            throw new SharpStepException(name + " cannot be read: permission denied.", e);
        } catch (EOFException e) {
            throw new SharpStepException(name + " is truncated or damaged.", e);
        } catch (IIOException e) {
            throw new SharpStepException(name + " is damaged or not a valid image (" + e.getMessage() + ").", e);
        } catch (IOException e) {
            throw new SharpStepException(name + " cannot be read: " + e.getMessage() + ".", e);
        } catch (RuntimeException e) {
            throw new SharpStepException(name + " is damaged or not a valid image.", e);
        } catch (OutOfMemoryError e) {
            throw new SharpStepException(name + " is too large to decode in the available memory.", e);
        }
    }

    private static String unsupportedHint(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".heic") || n.endsWith(".heif") || n.endsWith(".avif")) {
            return " (HEIC/HEIF/AVIF are not supported: export as JPEG, PNG or TIFF)";
        }
        for (String raw : new String[] {".cr2", ".cr3", ".nef", ".arw", ".dng", ".raf", ".orf", ".rw2"}) {
            if (n.endsWith(raw)) {
                return " (camera RAW files are not supported: develop to TIFF or JPEG first)";
            }
        }
        return " (supported: JPEG, PNG, TIFF, WebP, BMP, PSD)";
    }

    /** Splits a decoded image into RGB and alpha planes, in its own colour space where that is RGB or gray. */
    static LoadedImage convert(BufferedImage img, String format) {
        ColorModel cm = img.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        int type = cs.getType();
        boolean direct = cm instanceof ComponentColorModel
                && (type == ColorSpace.TYPE_RGB || type == ColorSpace.TYPE_GRAY)
                && cm.getComponentSize(0) <= 16;
        int w = img.getWidth();
        int h = img.getHeight();
        FloatImage rgb = FloatImage.zeros(3, w, h);
        FloatImage alpha = cm.hasAlpha() ? FloatImage.zeros(1, w, h) : null;
        int bits = cm.getComponentSize(0) > 8 ? 16 : 8;
        ICC_Profile icc = null;
        if (direct) {
            Raster r = img.getRaster();
            int colourBands = type == ColorSpace.TYPE_GRAY ? 1 : 3;
            float[] data = rgb.data();
            int[] row = new int[w];
            for (int b = 0; b < r.getNumBands(); b++) {
                float max = (1 << cm.getComponentSize(b)) - 1;
                for (int y = 0; y < h; y++) {
                    r.getSamples(0, y, w, 1, b, row);
                    if (b < colourBands) {
                        for (int c = b; c < 3; c += colourBands == 1 ? 1 : 3) {
                            int off = (c * h + y) * w;
                            for (int x = 0; x < w; x++) {
                                data[off + x] = row[x] / max;
                            }
                        }
                    } else if (alpha != null) {
                        for (int x = 0; x < w; x++) {
                            alpha.data()[y * w + x] = row[x] / max;
                        }
                    }
                }
            }
            if (cs instanceof ICC_ColorSpace ics && !cs.isCS_sRGB() && type == ColorSpace.TYPE_RGB) {
                icc = ics.getProfile();
            }
        } else {
            bits = 8;
            float[] data = rgb.data();
            int n = w * h;
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < n; i++) {
                int p = argb[i];
                data[i] = ((p >> 16) & 0xff) / 255f;
                data[n + i] = ((p >> 8) & 0xff) / 255f;
                data[2 * n + i] = (p & 0xff) / 255f;
                if (alpha != null) {
                    alpha.data()[i] = ((p >>> 24) & 0xff) / 255f;
                }
            }
        }
        return new LoadedImage(rgb, alpha, bits, format, new PhotoMetadata(icc));
    }
}
