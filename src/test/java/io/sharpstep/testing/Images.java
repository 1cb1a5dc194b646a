package io.sharpstep.testing;

import io.sharpstep.core.FloatImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Writes test images. */
public final class Images {
    private Images() {
    }

    /** Saves a float image as an 8-bit RGB file in the format the extension names. */
    public static Path write(FloatImage img, Path file) {
        BufferedImage b = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int r = Math.round(img.get(0, x, y) * 255);
                int g = Math.round(img.get(1, x, y) * 255);
                int bl = Math.round(img.get(2, x, y) * 255);
                b.setRGB(x, y, (r << 16) | (g << 8) | bl);
            }
        }
        String name = file.getFileName().toString();
        String format = name.substring(name.lastIndexOf('.') + 1);
        try {
            if (!ImageIO.write(b, format, file.toFile())) {
                throw new IllegalArgumentException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
