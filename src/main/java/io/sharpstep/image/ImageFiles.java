package io.sharpstep.image;

import io.sharpstep.core.Failures;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.SharpStepException;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads photos into float planes without changing their colour space: samples are taken from the raster as
 * stored (8 or 16 bits), and the embedded ICC profile, EXIF, XMP, IPTC and resolution are kept so the result can
 * carry them. CMYK is converted to sRGB (see {@link PixelPlanes}); EXIF orientation is applied to the pixels. The
 * size is checked against a pixel limit before any pixel is decoded.
 */
public final class ImageFiles {
    /** Default input limit: 100 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private static final java.util.Set<String> RAW_EXTENSIONS = java.util.Set.of("cr2", "cr3", "crw", "nef", "nrw",
            "arw", "srf", "sr2", "dng", "raf", "orf", "rw2", "pef", "srw", "x3f", "3fr", "iiq", "erf", "kdc", "mrw");

    private ImageFiles() {
    }

    static {
        // Readers get files, never bare streams; ImageIO's disk cache would only add a temp-folder failure.
        ImageIO.setUseCache(false);
    }

    /** Reads {@code file}; every failure is a {@link SharpStepException} naming the file. */
    public static LoadedImage read(Path file, long maxPixels) {
        return read(file, maxPixels, header -> { });
    }

    /**
     * Reads {@code file}, calling {@code beforeDecode} with its header once the size is known and before any pixel
     * is decoded (so a job can refuse work it cannot do, without the cost of decoding).
     */
    public static LoadedImage read(Path file, long maxPixels, Consumer<ImageHeader> beforeDecode) {
        return read(file, maxPixels, beforeDecode, 0);
    }

    /**
     * What {@code file}'s header says, after the same checks as {@link #read} (exists, not empty, not RAW, an
     * image we can read, within the pixel limit), without decoding any pixel: for checking files as they are
     * added to the window's queue.
     */
    public static ImageHeader header(Path file, long maxPixels) {
        ImageHeader[] seen = new ImageHeader[1];
        try {
            read(file, maxPixels, h -> {
                seen[0] = h;
                throw new HeaderOnly();
            });
        } catch (HeaderOnly enough) {
            return seen[0];
        }
        throw new IllegalStateException("decoded although only the header was asked for");
    }

    /** Stops {@link #read} once the header is known (it never reaches the user). */
    private static final class HeaderOnly extends RuntimeException {
        HeaderOnly() {
            super("header only", null, false, false);
        }
    }

    /**
     * {@code file} decoded with subsampling so that its longer side is between {@code maxSide} and twice that
     * (every n-th pixel of every n-th row; the decoder never holds the full size), turned upright, with its
     * metadata: for thumbnails of photos of any size.
     */
    public static LoadedImage readReduced(Path file, long maxPixels, int maxSide) {
        return read(file, maxPixels, h -> { }, Math.max(1, maxSide));
    }

    private static LoadedImage read(Path file, long maxPixels, Consumer<ImageHeader> beforeDecode, int reduceTo) {
        String name = file.getFileName().toString();
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, name + " does not exist.", e);
        } catch (AccessDeniedException e) {
            throw unreadable(name, e);
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, name + " cannot be read: "
                    + Failures.plain(e.getMessage()) + ".", e);
        }
        if (Files.isDirectory(file)) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, name + " is a folder, not an image.");
        }
        if (size == 0) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, name + " is empty (0 bytes).");
        }
        if (isRawName(name)) {
            // Many RAW files are TIFF inside; decoding one would silently enlarge its small preview.
            throw new SharpStepException(SharpStepException.Kind.INPUT, name + " is a camera RAW file, which SharpStep cannot read: develop it"
                    + " to TIFF or JPEG first.");
        }
        checkReadable(file, name);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new SharpStepException(SharpStepException.Kind.INPUT, name + " cannot be opened.");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new SharpStepException(SharpStepException.Kind.INPUT, name + " is not an image SharpStep can read" + unsupportedHint(name)
                        + ".");
            }
            List<ImageReader> candidates = new ArrayList<>();
            readers.forEachRemaining(candidates::add);
            for (int i = 0; ; i++) {
                ImageReader reader = candidates.get(i);
                in.seek(0);
                try {
                    return decode(reader, in, file, name, maxPixels, beforeDecode, reduceTo);
                } catch (IIOException e) {
                    if (i + 1 >= candidates.size() || !String.valueOf(e.getMessage()).contains("Unsupported Image Type")) {
                        throw e;
                    }
                } finally {
                    reader.dispose();
                }
            }
        } catch (SharpStepException e) {
            throw e;
        } catch (AccessDeniedException e) {
            throw unreadable(name, e);
        } catch (IOException e) {
            if (endedEarly(e) || FileStructure.truncated(file)) {
                throw truncated(name, e);
            }
            throw new SharpStepException(SharpStepException.Kind.INPUT, name + " is damaged or not a valid image"
                    + (e instanceof IIOException && !(e.getCause() instanceof RuntimeException) ? detail(e) : "")
                    + ".", e);
        } catch (OutOfMemoryError e) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, name + " is too large to decode in the available memory.", e);
        }
    }

    /**
     * Opens the file once through NIO, which says plainly when permission is missing (ImageIO would report
     * "Can't create cache file!").
     */
    private static void checkReadable(Path file, String name) {
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
            ch.read(ByteBuffer.allocate(1));
        } catch (AccessDeniedException e) {
            throw unreadable(name, e);
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, name + " cannot be read: "
                    + Failures.plain(e.getMessage()) + ".", e);
        }
    }

    private static SharpStepException unreadable(String name, Exception e) {
        return new SharpStepException(SharpStepException.Kind.INPUT, name + " cannot be read: permission denied.", e);
    }

    private static SharpStepException truncated(String name, Exception e) {
        return new SharpStepException(SharpStepException.Kind.INPUT, name
                + " is truncated: the end of the picture is missing.", e);
    }

    /** Whether a decoder failed because the data ended early (an EOFException somewhere in the chain). */
    private static boolean endedEarly(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    private static String detail(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? "" : " (" + m.strip().replaceAll("[.\\s]+$", "") + ")";
    }

    private static String unsupportedHint(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".heic") || n.endsWith(".heif") || n.endsWith(".avif")) {
            return " (HEIC/HEIF/AVIF are not supported: export as JPEG, PNG or TIFF)";
        }
        return " (supported: JPEG, PNG, TIFF, WebP, BMP, PSD)";
    }

    private static LoadedImage decode(ImageReader reader, ImageInputStream in, Path file, String name,
                                      long maxPixels, Consumer<ImageHeader> beforeDecode, int reduceTo)
            throws IOException {
        reader.setInput(in, false, true);
        long w = decoder(() -> (long) reader.getWidth(0));
        long h = decoder(() -> (long) reader.getHeight(0));
        if (w * h > maxPixels) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, String.format(Locale.ROOT,
                            "%s is %d×%d (%.1f MP), above the limit of %.1f MP.", name, w, h, w * h / 1e6,
                            maxPixels / 1e6));
        }
        String format = reader.getFormatName().toUpperCase(Locale.ROOT);
        if (format.contains("WEBP") && FileStructure.truncated(file)) {
            // A lossless WebP cut short decodes without complaint (and slowly); its RIFF length tells.
            throw truncated(name, null);
        }
        refuseAnimation(reader, file, name, format);
        RawMetadata raw = MetadataReader.read(file, format);
        boolean swap = Orientation.swapsAxes(raw.orientation());
        beforeDecode.accept(header(reader, name, swap ? h : w, swap ? w : h, format));
        boolean decoderConverts = storedAsNonRgb(reader);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        ImageReadParam param = decoder(() -> ownSpace(reader));
        if (reduceTo > 0) {
            int n = (int) Math.max(1, Math.max(w, h) / reduceTo);
            param.setSourceSubsampling(n, n, 0, 0);
        }
        BufferedImage img = decoder(() -> reader.read(0, param));
        checkWarnings(warnings, name);
        return assemble(img, decoderConverts, format, raw);
    }

    /** A call into a decoder plugin. */
    private interface DecoderCall<T> {
        T call() throws IOException;
    }

    /**
     * Runs {@code call}, turning the unchecked exceptions decoders throw on bad data (index out of bounds, illegal
     * arguments, …) into the I/O failure they stand for. Unchecked exceptions from SharpStep's own code are not
     * caught here, so they are reported as the internal faults they are, not as a damaged photo.
     */
    private static <T> T decoder(DecoderCall<T> call) throws IOException {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw new IIOException("the decoder failed: " + e, e);
        }
    }

    /** What the header says, with a guess of depth and alpha from the decoder's raw type (8-bit RGB if it has none). */
    private static ImageHeader header(ImageReader reader, String name, long w, long h, String format) {
        int bits = 8;
        boolean alpha = false;
        try {
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            if (raw != null) {
                alpha = raw.getColorModel().hasAlpha();
                for (int size : raw.getColorModel().getComponentSize()) {
                    bits = Math.max(bits, size > 8 ? 16 : 8);
                }
            }
        } catch (IOException | RuntimeException e) {
            // No raw type offered: assume the common case.
        }
        return new ImageHeader(name, w, h, format, bits, alpha);
    }

    /**
     * Refuses animations: only their first frame would be enlarged, silently. GIF and WebP readers count the
     * frames; for PNG the APNG animation chunk says how many there are.
     */
    private static void refuseAnimation(ImageReader reader, Path file, String name, String format)
            throws IOException {
        long frames = 1;
        if (format.contains("GIF") || format.contains("WEBP")) {
            frames = decoder(() -> (long) reader.getNumImages(true));
        } else if (format.contains("PNG")) {
            frames = FileStructure.pngFrames(file);
        }
        if (frames > 1) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, name + " is animated (" + frames
                    + " frames); SharpStep enlarges still pictures only, so save the frame you want as PNG first.");
        }
    }

    /** Decoder warnings that mean lost pixels (JPEG reports a file cut short only as a warning) are failures. */
    private static void checkWarnings(List<String> warnings, String name) {
        boolean damaged = false;
        for (String w : warnings) {
            FileStructure.Loss loss = FileStructure.loss(w);
            if (loss == FileStructure.Loss.TRUNCATED) {
                throw truncated(name, null);
            }
            damaged |= loss == FileStructure.Loss.DAMAGED;
        }
        if (damaged) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, name
                    + " is damaged: part of the picture cannot be decoded.");
        }
    }

    /**
     * Asks for the file's own RGB profile as destination where the decoder offers it: JPEG decoders otherwise
     * convert profiled RGB to sRGB while decoding, and the samples would no longer match the kept profile.
     */
    public static ImageReadParam ownSpace(ImageReader reader) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        for (Iterator<ImageTypeSpecifier> it = reader.getImageTypes(0); it.hasNext(); ) {
            ImageTypeSpecifier t = it.next();
            ColorSpace cs = t.getColorModel().getColorSpace();
            if (cs instanceof ICC_ColorSpace && cs.getType() == ColorSpace.TYPE_RGB && !cs.isCS_sRGB()) {
                param.setDestinationType(t);
                break;
            }
        }
        return param;
    }

    /** Whether the file stores CMYK or another non-RGB space, which some decoders turn into sRGB themselves. */
    private static boolean storedAsNonRgb(ImageReader reader) {
        try {
            ImageTypeSpecifier raw = reader.getRawImageType(0);
            int type = raw == null ? ColorSpace.TYPE_RGB : raw.getColorModel().getColorSpace().getType();
            return type != ColorSpace.TYPE_RGB && type != ColorSpace.TYPE_GRAY;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isRawName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && RAW_EXTENSIONS.contains(n.substring(dot + 1));
    }

    /** Planes, colour profile and metadata of a decoded image; pixels are turned upright (see {@link Orientation}). */
    static LoadedImage assemble(BufferedImage img, boolean storedAsNonRgb, String format, RawMetadata raw) {
        PixelPlanes.Planes p = PixelPlanes.of(img, storedAsNonRgb);
        ICC_Profile icc = p.converted() ? PixelPlanes.SRGB : rgbProfile(raw.icc(), p.modelIcc());
        int orientation = raw.orientation();
        PixelSource rgb = Orientation.upright(p.rgb(), orientation);
        PixelSource alpha = Orientation.upright(p.alpha(), orientation);
        PhotoMetadata meta = new PhotoMetadata(icc, raw.exif(), raw.xmp(), raw.iptc(), raw.effectiveResolution(),
                rgb.width(), rgb.height());
        return new LoadedImage(rgb, alpha, p.bits(), format, meta);
    }

    /** The file's own RGB profile, else the decoder's; a gray or broken profile does not describe RGB planes. */
    private static ICC_Profile rgbProfile(byte[] fileIcc, ICC_Profile modelIcc) {
        if (fileIcc != null) {
            try {
                ICC_Profile prof = ICC_Profile.getInstance(fileIcc);
                if (prof.getColorSpaceType() == ColorSpace.TYPE_RGB) {
                    return prof;
                }
                return null;
            } catch (IllegalArgumentException e) {
                // Unusable embedded profile: fall back to what the decoder made of it.
            }
        }
        return modelIcc;
    }
}
