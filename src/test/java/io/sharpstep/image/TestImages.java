package io.sharpstep.image;

import io.sharpstep.core.FloatImage;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pictures and colour profiles the tests make themselves. */
final class TestImages {
    static final int W = 48;
    static final int H = 32;

    private TestImages() {
    }

    /** An asymmetric picture: a gradient with a bright mark in the top-left corner. */
    static BufferedImage picture() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int r = x < 8 && y < 6 ? 250 : 20 + x * 4;
                int g = 30 + y * 5;
                int b = x < 8 && y < 6 ? 10 : 200 - x * 2;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    /** The expected 8-bit red value of {@link #picture()} at (x, y). */
    static int red(int x, int y) {
        return x < 8 && y < 6 ? 250 : 20 + x * 4;
    }

    static Path writePng(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        ImageIO.write(picture(), "png", p.toFile());
        return p;
    }

    /**
     * A Display-P3-like profile made from Java's sRGB profile with P3 primaries (D50-adapted) and its own
     * description, so the tests need no third-party profile file.
     */
    static Path p3Profile(Path dir) throws IOException {
        ICC_Profile p = ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        p.setData(ICC_Profile.icSigRedColorantTag, xyz(0.515102, 0.241196, -0.001053));
        p.setData(ICC_Profile.icSigGreenColorantTag, xyz(0.291965, 0.692244, 0.041881));
        p.setData(ICC_Profile.icSigBlueColorantTag, xyz(0.157153, 0.066561, 0.784186));
        p.setData(ICC_Profile.icSigProfileDescriptionTag, desc("SharpStep Test P3"));
        Path f = dir.resolve("test-p3.icc");
        Files.write(f, p.getData());
        return f;
    }

    private static byte[] xyz(double x, double y, double z) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.put("XYZ ".getBytes()).putInt(0);
        for (double v : new double[] {x, y, z}) {
            b.putInt((int) Math.round(v * 65536));
        }
        return b.array();
    }

    private static byte[] desc(String s) {
        ByteBuffer b = ByteBuffer.allocate(12 + s.length() + 1 + 8 + 3 + 67);
        b.put("desc".getBytes()).putInt(0).putInt(s.length() + 1).put(s.getBytes()).put((byte) 0);
        return b.array();
    }

    /** Red value (0..255) of a float image at (x, y). */
    static int red(FloatImage img, int x, int y) {
        return Math.round(img.get(0, x, y) * 255);
    }
}
