package io.sharpstep.ui.viewer;

import io.sharpstep.core.PixelSource;
import io.sharpstep.core.Rect;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import java.awt.image.BufferedImage;

/** Conversions between display pixels, JavaFX images and AWT images (no javafx-swing needed). */
public final class FxImages {
    private FxImages() {
    }

    /**
     * A reduced copy of a (small, already reduced) photo whose longer side is at most {@code size}, by box
     * averaging, in display colours, transparency over a checkerboard. Any thread.
     */
    public static WritableImage thumbnail(PixelSource rgb, PixelSource alpha, DisplayColor color, int size) {
        int sw = rgb.width();
        int sh = rgb.height();
        double f = Math.max(1.0, Math.max(sw, sh) / (double) size);
        int w = Math.max(1, (int) Math.round(sw / f));
        int h = Math.max(1, (int) Math.round(sh / f));
        int[] src = SourceTiles.toArgb(rgb.read(new Rect(0, 0, sw, sh)),
                alpha == null ? null : alpha.read(new Rect(0, 0, sw, sh)));
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int ya = (int) (y * f);
            int yb = Math.max(ya + 1, Math.min(sh, (int) ((y + 1) * f)));
            for (int x = 0; x < w; x++) {
                int xa = (int) (x * f);
                int xb = Math.max(xa + 1, Math.min(sw, (int) ((x + 1) * f)));
                long a = 0;
                long r = 0;
                long g = 0;
                long b = 0;
                for (int j = ya; j < yb; j++) {
                    for (int i = xa; i < xb; i++) {
                        int p = src[j * sw + i];
                        a += p >>> 24;
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                    }
                }
                long n = (long) (yb - ya) * (xb - xa);
                int p = color.apply(Argb.known((int) (a / n) << 24 | (int) (r / n) << 16 | (int) (g / n) << 8
                        | (int) (b / n)));
                int check = ((x >> 3) + (y >> 3) & 1) == 0 ? ViewRenderer.CHECK_DARK : ViewRenderer.CHECK_LIGHT;
                out[y * w + x] = Argb.over(p, check);
            }
        }
        return image(out, w, h);
    }

    /** ARGB pixels as a JavaFX image. */
    public static WritableImage image(int[] argb, int w, int h) {
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return img;
    }

    /** The image as an AWT image with its alpha (for writing a pasted clipboard image). */
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
