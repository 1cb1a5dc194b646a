package io.sharpstep.image;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;

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
     * Planes of one image, readable region by region (nothing is copied from the decoded raster until read).
     *
     * @param rgb       colour planes
     * @param alpha     alpha plane or null
     * @param bits      8 or 16
     * @param converted whether the pixels were converted to sRGB
     * @param modelIcc  the decoder's RGB profile when it is not the built-in sRGB, else null
     */
    record Planes(PixelSource rgb, PixelSource alpha, int bits, boolean converted, ICC_Profile modelIcc) {
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
        Raster r = img.getRaster();
        boolean gray = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        int colourBands = gray ? 1 : 3;
        int maxBits = 0;
        for (int b = 0; b < r.getNumBands(); b++) {
            maxBits = Math.max(maxBits, cm.getComponentSize(b));
        }
        int bits = maxBits > 8 ? 16 : 8;
        int[] colour = gray ? new int[] {0, 0, 0} : new int[] {0, 1, 2};
        PixelSource rgb = new RasterSource(r, cm, colour, bits);
        PixelSource alpha = cm.hasAlpha() ? new RasterSource(r, cm, new int[] {r.getNumBands() - 1}, bits) : null;
        return new Planes(rgb, alpha, bits, converted, icc);
    }

    /** Palette and packed images: through the colour model to 8-bit sRGB, as Java defines them. */
    private static Planes packed(BufferedImage img) {
        boolean alpha = img.getColorModel().hasAlpha();
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(),
                alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        int w = img.getWidth();
        int[] argb = new int[w];
        for (int y = 0; y < img.getHeight(); y++) {
            img.getRGB(0, y, w, 1, argb, 0, w);
            out.setRGB(0, y, w, 1, argb, 0, w);
        }
        Planes p = direct(out, false, null);
        return new Planes(p.rgb(), p.alpha(), 8, false, null);
    }

    /**
     * Bands of a decoded raster as float planes, each sample divided by its band's largest value, read on demand.
     * Several planes may come from one band (gray into all three colour channels).
     */
    private static final class RasterSource implements PixelSource {
        private final Raster raster;
        private final int[] bands;
        private final float[] max;
        private final int bits;

        RasterSource(Raster raster, ColorModel cm, int[] bands, int bits) {
            this.raster = raster;
            this.bands = bands;
            this.bits = bits;
            this.max = new float[bands.length];
            for (int i = 0; i < bands.length; i++) {
                max[i] = (float) ((1L << cm.getComponentSize(bands[i])) - 1);
            }
        }

        @Override
        public int channels() {
            return bands.length;
        }

        @Override
        public int width() {
            return raster.getWidth();
        }

        @Override
        public int height() {
            return raster.getHeight();
        }

        @Override
        public int bits() {
            return bits;
        }

        @Override
        public FloatImage read(Rect r) {
            check(r);
            int w = r.width();
            int h = r.height();
            FloatImage out = FloatImage.zeros(bands.length, w, h);
            float[] data = out.data();
            int[] row = new int[w];
            int x0 = raster.getMinX() + r.x();
            int y0 = raster.getMinY() + r.y();
            for (int c = 0; c < bands.length; c++) {
                if (c > 0 && bands[c] == bands[c - 1]) {
                    System.arraycopy(data, (c - 1) * w * h, data, c * w * h, w * h);
                    continue;
                }
                float m = max[c];
                for (int y = 0; y < h; y++) {
                    raster.getSamples(x0, y0 + y, w, 1, bands[c], row);
                    int off = (c * h + y) * w;
                    for (int x = 0; x < w; x++) {
                        data[off + x] = row[x] / m;
                    }
                }
            }
            return out;
        }
    }
}
