package io.sharpstep.image;

import io.sharpstep.core.FloatImage;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
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
    static void encode(BufferedImage img, Path file, SaveOptions opts) throws IOException {
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

    /**
     * Float planes to an 8- or 16-bit image with the samples as they are (labelled sRGB only because ImageIO needs
     * some label). Where the format holds no alpha, the picture is laid over white rather than showing whatever
     * colour hides under transparent pixels.
     */
    static BufferedImage toImage(FloatImage rgb, FloatImage alpha, int bits, boolean formatHasAlpha) {
        boolean hasAlpha = alpha != null && formatHasAlpha;
        boolean flatten = alpha != null && !formatHasAlpha;
        int w = rgb.width();
        int h = rgb.height();
        BufferedImage img;
        if (bits == 16) {
            ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), hasAlpha,
                    false, hasAlpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
            img = new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
        } else {
            img = new BufferedImage(w, h, hasAlpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        }
        WritableRaster raster = img.getRaster();
        int max = bits == 16 ? 65535 : 255;
        int[] row = new int[w];
        for (int b = 0; b < (hasAlpha ? 4 : 3); b++) {
            float[] src = b < 3 ? rgb.data() : alpha.data();
            int plane = b < 3 ? b : 0;
            for (int y = 0; y < h; y++) {
                int off = (plane * h + y) * w;
                for (int x = 0; x < w; x++) {
                    float v = src[off + x];
                    if (flatten) {
                        float a = clamp(alpha.data()[y * w + x]);
                        v = clamp(v) * a + (1 - a);
                    }
                    row[x] = v <= 0 || Float.isNaN(v) ? 0 : v >= 1 ? max : Math.round(v * max);
                }
                raster.setSamples(0, y, w, 1, b, row);
            }
        }
        return img;
    }

    private static float clamp(float v) {
        return v <= 0 || Float.isNaN(v) ? 0 : Math.min(v, 1);
    }
}
