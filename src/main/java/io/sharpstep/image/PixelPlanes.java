package io.sharpstep.image;

import io.sharpstep.core.FloatImage;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;

/**
 * Decoded images to float planes. RGB and gray samples are taken as stored, so a photo stays in its own colour
 * space (Display P3 stays P3); gray is copied into all three channels. Other colour spaces (CMYK, YCCK, Lab)
 * cannot be enlarged as such and are converted to sRGB through their profile, keeping 16 bits where they had them.
 */
final class PixelPlanes {
    /** The built-in sRGB profile, embedded in results converted from CMYK so their space is explicit. */
    static final ICC_Profile SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB);

    /**
     * Planes of one image.
     *
     * @param rgb       colour planes
     * @param alpha     alpha plane or null
     * @param bits      8 or 16
     * @param converted whether the pixels were converted to sRGB
     * @param modelIcc  the decoder's RGB profile when it is not the built-in sRGB, else null
     */
    record Planes(FloatImage rgb, FloatImage alpha, int bits, boolean converted, ICC_Profile modelIcc) {
    }

    private PixelPlanes() {
    }

    /**
     * Planes of {@code img}. {@code decodedToSrgb}: the file stored another colour space and the decoder already
     * converted it (TwelveMonkeys does so for CMYK JPEG), so the planes are sRGB whatever the file's profile says.
     */
    static Planes of(BufferedImage img, boolean decodedToSrgb) {
        ColorModel cm = img.getColorModel();
        int type = cm.getColorSpace().getType();
        if (isDirect(cm)) {
            ColorSpace cs = cm.getColorSpace();
            ICC_Profile icc = type == ColorSpace.TYPE_RGB && cs instanceof ICC_ColorSpace ics && !cs.isCS_sRGB()
                    ? ics.getProfile() : null;
            return direct(img, decodedToSrgb && type == ColorSpace.TYPE_RGB, icc);
        }
        if (type != ColorSpace.TYPE_RGB && type != ColorSpace.TYPE_GRAY && cm.getNumColorComponents() > 1) {
            return direct(toSrgb(img), true, null);
        }
        return packed(img);
    }

    private static boolean isDirect(ColorModel cm) {
        int type = cm.getColorSpace().getType();
        int tt = cm.getTransferType();
        return cm instanceof ComponentColorModel && (type == ColorSpace.TYPE_RGB || type == ColorSpace.TYPE_GRAY)
                && (tt == DataBuffer.TYPE_BYTE || tt == DataBuffer.TYPE_USHORT) && !cm.isAlphaPremultiplied();
    }

    private static BufferedImage toSrgb(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        boolean wide = cm.getComponentSize(0) > 8;
        ComponentColorModel dst = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), cm.hasAlpha(),
                false, cm.hasAlpha() ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
                wide ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE);
        BufferedImage out = new BufferedImage(dst, dst.createCompatibleWritableRaster(img.getWidth(), img.getHeight()),
                false, null);
        new ColorConvertOp(null).filter(img, out);
        return out;
    }

    private static Planes direct(BufferedImage img, boolean converted, ICC_Profile icc) {
        ColorModel cm = img.getColorModel();
        int w = img.getWidth();
        int h = img.getHeight();
        FloatImage rgb = FloatImage.zeros(3, w, h);
        FloatImage alpha = cm.hasAlpha() ? FloatImage.zeros(1, w, h) : null;
        Raster r = img.getRaster();
        int colourBands = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY ? 1 : 3;
        float[] data = rgb.data();
        int[] row = new int[w];
        int maxBits = 0;
        for (int b = 0; b < r.getNumBands(); b++) {
            maxBits = Math.max(maxBits, cm.getComponentSize(b));
            float max = (float) ((1L << cm.getComponentSize(b)) - 1);
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, b, row);
                if (b < colourBands) {
                    for (int c = colourBands == 1 ? 0 : b; c < (colourBands == 1 ? 3 : b + 1); c++) {
                        int off = (c * h + y) * w;
                        for (int x = 0; x < w; x++) {
                            data[off + x] = row[x] / max;
                        }
                    }
                } else if (alpha != null && b == r.getNumBands() - 1) {
                    for (int x = 0; x < w; x++) {
                        alpha.data()[y * w + x] = row[x] / max;
                    }
                }
            }
        }
        return new Planes(rgb, alpha, maxBits > 8 ? 16 : 8, converted, icc);
    }

    /** Palette and packed images: through the colour model to 8-bit sRGB, as Java defines them. */
    private static Planes packed(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        int w = img.getWidth();
        int h = img.getHeight();
        FloatImage rgb = FloatImage.zeros(3, w, h);
        FloatImage alpha = cm.hasAlpha() ? FloatImage.zeros(1, w, h) : null;
        float[] data = rgb.data();
        int n = w * h;
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                int i = y * w + x;
                data[i] = ((p >> 16) & 0xff) / 255f;
                data[n + i] = ((p >> 8) & 0xff) / 255f;
                data[2 * n + i] = (p & 0xff) / 255f;
                if (alpha != null) {
                    alpha.data()[i] = ((p >>> 24) & 0xff) / 255f;
                }
            }
        }
        return new Planes(rgb, alpha, 8, false, null);
    }
}
