package io.sharpstep.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Encodes pixels with ImageIO, without metadata: samples are written as they are, and the colour profile and
 * everything else is added afterwards by the per-format metadata writers, so no encoder converts colours or
 * writes a second, conflicting profile.
 */
final class PixelEncoder {
    private PixelEncoder() {
    }

    /** Writes {@code img} to {@code file} (which exists and is empty) in the format of {@code opts}. */
    static void encode(RenderedImage img, Path file, SaveOptions opts) throws IOException {
        ImageWriter writer = writer(opts.format());
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                if (opts.format() == ImageFormat.TIFF && opts.tiffCompression() == TiffCompression.NONE) {
                    param.setCompressionMode(ImageWriteParam.MODE_DISABLED);
                } else {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    String[] types = param.getCompressionTypes();
                    if (opts.format() == ImageFormat.TIFF && types != null) {
                        String want = opts.tiffCompression().imageIoName();
                        if (!Arrays.asList(types).contains(want)) {
                            throw new IOException("this TIFF writer cannot compress with " + want);
                        }
                        param.setCompressionType(want);
                    } else if (types != null && types.length > 0 && param.getCompressionType() == null) {
                        param.setCompressionType(types[0]);
                    }
                    if (opts.format() == ImageFormat.JPEG) {
                        param.setCompressionQuality(opts.quality());
                    }
                }
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
            out.flush();
        } finally {
            writer.dispose();
        }
    }

    /**
     * The writer for {@code format}. For TIFF the JDK's own writer: TwelveMonkeys' cannot write 16-bit RGB, and
     * metadata is added by {@link TiffMetadata} whichever wrote the pixels.
     */
    private static ImageWriter writer(ImageFormat format) throws IOException {
        ImageWriter first = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format.imageIoName()); it.hasNext(); ) {
            ImageWriter w = it.next();
            if (format != ImageFormat.TIFF || w.getClass().getName().startsWith("com.sun.")) {
                return w;
            }
            first = first == null ? w : first;
        }
        if (first == null) {
            throw new IOException("no writer for " + format);
        }
        return first;
    }
}
