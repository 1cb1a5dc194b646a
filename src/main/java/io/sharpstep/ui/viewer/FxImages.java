package io.sharpstep.ui.viewer;

import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import java.awt.image.BufferedImage;

/** Conversions between display rasters, JavaFX images and AWT images (no javafx-swing needed). */
public final class FxImages {
    private FxImages() {
    }

    /** A reduced copy whose longer side is at most {@code size}, by box averaging. Any thread. */
    public static WritableImage thumbnail(Raster r, int size) {
        double f = Math.min(1.0, size / (double) Math.max(r.width(), r.height()));
        int w = Math.max(1, (int) Math.round(r.width() * f));
        int h = Math.max(1, (int) Math.round(r.height() * f));
        int[] out = new int[w * h];
        ViewRenderer.render(Layer.of(r), null, w, f, r.width() / 2.0, r.height() / 2.0, w, h, out);
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), out, 0, w);
        return img;
    }

    /** The image as an opaque RGB AWT image (for writing a pasted clipboard image). */
    public static BufferedImage toAwt(Image img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        PixelReader pr = img.getPixelReader();
        int[] argb = new int[w * h];
        pr.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }
}
