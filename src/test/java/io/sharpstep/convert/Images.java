package io.sharpstep.convert;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Test helper: RGB images as planar float arrays (CHW, values in [0,1]) plus the resampling and
 * degradation used by the quality and reference checks.
 *
 * @param w    width
 * @param h    height
 * @param data planar RGB, {@code data[c*h*w + y*w + x]}
 */
record Images(int w, int h, float[] data) {

    static Images read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException("not an image: " + file);
            }
            return of(img);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Images of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        float[] d = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                d[y * w + x] = ((rgb >> 16) & 0xFF) / 255f;
                d[w * h + y * w + x] = ((rgb >> 8) & 0xFF) / 255f;
                d[2 * w * h + y * w + x] = (rgb & 0xFF) / 255f;
            }
        }
        return new Images(w, h, d);
    }

    /** @return the image quantised to 8 bits per channel (round, clamp) */
    BufferedImage toImage() {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int n = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                img.setRGB(x, y, (q(data[i]) << 16) | (q(data[n + i]) << 8) | q(data[2 * n + i]));
            }
        }
        return img;
    }

    /** @return the image quantised to 8 bits per channel, as floats in [0,1] */
    Images quantised() {
        return of(toImage());
    }

    void writePng(Path file) {
        try {
            ImageIO.write(toImage(), "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Images crop(int x0, int y0, int cw, int ch) {
        float[] d = new float[3 * cw * ch];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ch; y++) {
                System.arraycopy(data, c * w * h + (y0 + y) * w + x0, d, c * cw * ch + y * cw, cw);
            }
        }
        return new Images(cw, ch, d);
    }

    /** Mirror-pads by {@code p} pixels without repeating the edge, as upscayl-bin's pre-processing does. */
    Images reflectPad(int p) {
        int pw = w + 2 * p;
        int ph = h + 2 * p;
        float[] d = new float[3 * pw * ph];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ph; y++) {
                int sy = mirror(y - p, h);
                for (int x = 0; x < pw; x++) {
                    d[c * pw * ph + y * pw + x] = data[c * w * h + sy * w + mirror(x - p, w)];
                }
            }
        }
        return new Images(pw, ph, d);
    }

    private static int mirror(int i, int n) {
        i = Math.abs(i);
        return (n - 1) - Math.abs(i - (n - 1));
    }

    static int q(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }

    /** Bicubic resize (Keys a = -0.5, kernel widened when shrinking, as PIL and MATLAB imresize do). */
    Images resize(int ow, int oh) {
        Taps tx = taps(w, ow);
        Taps ty = taps(h, oh);
        float[] tmp = new float[3 * h * ow];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                int row = c * w * h + y * w;
                for (int o = 0; o < ow; o++) {
                    double acc = 0;
                    for (int k = 0; k < tx.w[o].length; k++) {
                        acc += tx.w[o][k] * data[row + tx.idx[o][k]];
                    }
                    tmp[c * h * ow + y * ow + o] = (float) acc;
                }
            }
        }
        float[] out = new float[3 * oh * ow];
        for (int c = 0; c < 3; c++) {
            for (int o = 0; o < oh; o++) {
                for (int x = 0; x < ow; x++) {
                    double acc = 0;
                    for (int k = 0; k < ty.w[o].length; k++) {
                        acc += ty.w[o][k] * tmp[c * h * ow + ty.idx[o][k] * ow + x];
                    }
                    out[c * oh * ow + o * ow + x] = (float) acc;
                }
            }
        }
        return new Images(ow, oh, out);
    }

    private record Taps(int[][] idx, double[][] w) {
    }

    private static Taps taps(int n, int m) {
        double scale = (double) m / n;
        double support = scale < 1 ? 2 / scale : 2;
        double ks = Math.min(scale, 1);
        int[][] idx = new int[m][];
        double[][] wts = new double[m][];
        for (int o = 0; o < m; o++) {
            double center = (o + 0.5) / scale - 0.5;
            int lo = (int) Math.floor(center - support);
            int hi = (int) Math.ceil(center + support);
            idx[o] = new int[hi - lo + 1];
            wts[o] = new double[hi - lo + 1];
            double sum = 0;
            for (int i = lo; i <= hi; i++) {
                idx[o][i - lo] = Math.max(0, Math.min(n - 1, i));
                sum += wts[o][i - lo] = cubic((i - center) * ks);
            }
            for (int k = 0; k < wts[o].length; k++) {
                wts[o][k] /= sum;
            }
        }
        return new Taps(idx, wts);
    }

    /** Gaussian blur (separable, sigma in pixels, edges clamped). */
    Images blur(double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            sum += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
        }
        float[] tmp = new float[data.length];
        float[] out = new float[data.length];
        for (int c = 0; c < 3; c++) {
            int b = c * w * h;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double acc = 0;
                    for (int i = -r; i <= r; i++) {
                        acc += k[i + r] * data[b + y * w + Math.max(0, Math.min(w - 1, x + i))];
                    }
                    tmp[b + y * w + x] = (float) (acc / sum);
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double acc = 0;
                    for (int i = -r; i <= r; i++) {
                        acc += k[i + r] * tmp[b + Math.max(0, Math.min(h - 1, y + i)) * w + x];
                    }
                    out[b + y * w + x] = (float) (acc / sum);
                }
            }
        }
        return new Images(w, h, out);
    }

    /** Adds Gaussian noise of the given sigma (in 0..1 units), seeded. */
    Images noise(double sigma, long seed) {
        Random rnd = new Random(seed);
        float[] out = data.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (rnd.nextGaussian() * sigma);
        }
        return new Images(w, h, out);
    }

    /** Round-trips the image through baseline JPEG at the given quality (0..1). */
    Images jpeg(float quality) {
        try {
            Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
            ImageWriter writer = it.next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(ios);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality);
                writer.write(null, new IIOImage(toImage(), null, null), p);
            } finally {
                writer.dispose();
            }
            return of(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double cubic(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0;
    }
}
