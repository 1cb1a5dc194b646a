package io.sharpstep.ui;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Random;

/** Photos made for tests. */
public final class TestImages {
    private TestImages() {
    }

    /** Smooth gradients plus a little noise, like a small photo. */
    public static Path photo(Path dir, String name, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(42);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = clamp(255 * x / Math.max(1, w - 1) + rnd.nextInt(9) - 4);
                int g = clamp(255 * y / Math.max(1, h - 1) + rnd.nextInt(9) - 4);
                int b = clamp(128 + (int) (60 * Math.sin(x / 7.0) * Math.cos(y / 5.0)));
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return write(img, dir.resolve(name));
    }

    /** White with a black square over [size/4, 3·size/4). */
    public static Path square(Path dir, String name, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean in = x >= size / 4 && x < 3 * size / 4 && y >= size / 4 && y < 3 * size / 4;
                img.setRGB(x, y, in ? 0 : 0xffffff);
            }
        }
        return write(img, dir.resolve(name));
    }

    private static Path write(BufferedImage img, Path file) {
        try {
            ImageIO.write(img, "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
