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

    /** A PNG whose header claims {@code w × h} pixels, with no pixel data behind it (a few dozen bytes). */
    public static Path pngHeaderOnly(Path dir, String name, int w, int h) {
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr.array());
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4 + 12);
        out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        out.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        out.putInt(0).put("IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0xae426082);
        try {
            return java.nio.file.Files.write(dir.resolve(name), out.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JPEG whose stored pixels are {@code w × h}, black on the left half and white on the right, tagged with
     * EXIF orientation {@code orientation} (an APP1 segment written here, after the JFIF header).
     */
    public static Path orientedJpeg(Path dir, String name, int w, int h, int orientation) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x < w / 2 ? 0 : 0xffffff);
            }
        }
        try {
            java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
            ImageIO.write(img, "jpg", jpeg);
            byte[] j = jpeg.toByteArray();
            // TIFF, big-endian: one IFD entry, Orientation (0x0112), SHORT, count 1, the value.
            byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation,
                    0, 0, 0, 0, 0, 0};
            byte[] exif = new byte[6 + tiff.length];
            System.arraycopy("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, exif, 0, 6);
            System.arraycopy(tiff, 0, exif, 6, tiff.length);
            int app0 = 2 + 2 + ((j[4] & 0xff) << 8 | (j[5] & 0xff)); // SOI, then APP0 with its length
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(j, 0, app0);
            out.write(0xff);
            out.write(0xe1);
            out.write((exif.length + 2) >> 8);
            out.write((exif.length + 2) & 0xff);
            out.write(exif);
            out.write(j, app0, j.length - app0);
            return java.nio.file.Files.write(dir.resolve(name), out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
