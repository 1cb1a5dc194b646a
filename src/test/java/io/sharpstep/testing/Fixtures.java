package io.sharpstep.testing;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.RunContext;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.raster.Workspace;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Test data: the committed fixture packs and reference images, synthetic photos, and image metrics. */
public final class Fixtures {
    public static final Path ROOT = Paths.get("src", "test", "resources", "fixtures");

    private Fixtures() {
    }

    /**
     * Enlarges a small in-memory image with {@code up}, everything in the heap: the whole result as one image.
     *
     * @param is8Bit whether the pixels stand for 8-bit samples (bicubic then rounds as Pillow does)
     */
    public static FloatImage enlarge(Upscaler up, FloatImage in, boolean is8Bit, RunContext ctx) {
        int s = up.scale();
        FloatImage out = FloatImage.zeros(3, in.width() * s, in.height() * s);
        try (Workspace ws = Workspace.inHeap()) {
            up.upscale(in.asSource(is8Bit ? 8 : 32), out.asSink(), ws, ctx);
        }
        return out;
    }

    public static Path packDir(String id) {
        return ROOT.resolve("packs").resolve(id).toAbsolutePath();
    }

    public static ModelPack pack(String id) {
        return ManifestReader.load(packDir(id));
    }

    /** A copy of a fixture pack in {@code dir} with its model.json edited as text. */
    public static Path copyPack(String id, Path dir, UnaryOperator<String> edit) {
        Path target = dir.resolve(id);
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(packDir(id))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
            Path manifest = target.resolve("model.json");
            Files.writeString(manifest, edit.apply(Files.readString(manifest)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** The same pack with sides padded only to a multiple of 8 (the fixture graphs accept any size). */
    public static ModelPack packMultiple8(String id, Path dir) {
        return ManifestReader.load(copyPack(id, dir,
                s -> s.replace("\"tiles\": {", "\"tiles\": {\n    \"multiple\": 8,")));
    }

    /** Reads a PNG (8 or 16 bit RGB) into a float image, value / max. */
    public static FloatImage readPng(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            Raster r = img.getRaster();
            int w = img.getWidth();
            int h = img.getHeight();
            float max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            FloatImage out = FloatImage.zeros(3, w, h);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out.set(c, x, y, r.getSample(x, y, c) / max);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FloatImage input40x32() {
        return readPng(ROOT.resolve("input-40x32.png"));
    }

    public static FloatImage expected(String name) {
        return readPng(ROOT.resolve("expected").resolve(name));
    }

    /**
     * A deterministic photo-like 8-bit image: smooth light, a few hard-edged shapes, texture and a little
     * noise, values rounded to 1/255.
     */
    public static FloatImage syntheticPhoto(int w, int h, long seed) {
        Random rnd = new Random(seed);
        FloatImage img = FloatImage.zeros(3, w, h);
        double[][] disc = new double[6][];
        for (int i = 0; i < disc.length; i++) {
            disc[i] = new double[] {rnd.nextDouble() * w, rnd.nextDouble() * h, 5 + rnd.nextDouble() * w / 5,
                rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble()};
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] v = {0.25 + 0.5 * x / w, 0.3 + 0.4 * y / h, 0.6 - 0.3 * (x + y) / (w + h)};
                for (double[] d : disc) {
                    if (Math.hypot(x - d[0], y - d[1]) < d[2]) {
                        v[0] = d[3];
                        v[1] = d[4];
                        v[2] = d[5];
                    }
                }
                double tex = 0.06 * Math.sin(x * 0.9) * Math.sin(y * 0.7);
                for (int c = 0; c < 3; c++) {
                    double n = v[c] + tex + rnd.nextGaussian() * 0.01;
                    img.set(c, x, y, (float) (Math.round(Math.max(0, Math.min(1, n)) * 255) / 255.0));
                }
            }
        }
        return img;
    }

    /** The Debian mate-backgrounds photographs (installed by scripts/install-deps.sh). */
    public static final Path MATE_PHOTOS = Paths.get("/usr/share/backgrounds/mate/nature");

    /**
     * A real photograph as a small input: the {@code w·down × h·down} region at (x, y) of a mate-backgrounds
     * photo, box-averaged by {@code down} (so it looks like a low-resolution photo, not a sharp crop).
     */
    public static FloatImage photo(String name, int x, int y, int w, int h, int down) {
        try {
            BufferedImage img = ImageIO.read(MATE_PHOTOS.resolve(name).toFile());
            if (img == null) {
                throw new IOException("cannot read " + name);
            }
            FloatImage out = FloatImage.zeros(3, w, h);
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    double[] sum = new double[3];
                    for (int dy = 0; dy < down; dy++) {
                        for (int dx = 0; dx < down; dx++) {
                            int rgb = img.getRGB(x + i * down + dx, y + j * down + dy);
                            sum[0] += (rgb >> 16) & 255;
                            sum[1] += (rgb >> 8) & 255;
                            sum[2] += rgb & 255;
                        }
                    }
                    for (int c = 0; c < 3; c++) {
                        out.set(c, i, j, (float) (sum[c] / (down * down) / 255.0));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The 4×3 linear map from a scaled SD latent to RGB in [-1, 1] that SD latent previews use (the widely
     * shared approximation of the trained SD VAE decoder, rows = latent channels).
     */
    private static final double[][] LATENT_TO_RGB = {
            {0.298, 0.207, 0.208}, {0.187, 0.286, 0.173}, {-0.158, 0.189, 0.264}, {-0.184, -0.271, -0.473}};

    /**
     * A photo-structured latent at the scale a trained SD VAE decoder is fed in OSEDiff (UNet output ÷ scaling
     * factor): the photo region box-averaged by {@code down} to {@code w × h}, mapped to 4 channels by the
     * least-squares inverse of {@link #LATENT_TO_RGB}, divided by {@code scalingFactor}. A random-weight
     * encoder's latent is ~30× smaller than this, which makes a random decoder's residual stream so weak that
     * its (nearly uniform) mid-block attention dominates the output: no decoder test input for tiling.
     */
    public static FloatImage photoLatent(String name, int x, int y, int w, int h, int down, double scalingFactor) {
        FloatImage rgb = photo(name, x, y, w, h, down);
        double[][] m = LATENT_TO_RGB;
        double[][] mtm = new double[3][3];
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                for (double[] row : m) {
                    mtm[a][b] += row[a] * row[b];
                }
            }
        }
        double[][] inv = inverse3(mtm);
        FloatImage out = FloatImage.zeros(4, w, h);
        for (int l = 0; l < 4; l++) {
            double[] p = new double[3]; // row l of M (MᵀM)⁻¹, the pseudo-inverse of Mᵀ
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) {
                    p[c] += m[l][k] * inv[k][c];
                }
            }
            for (int j = 0; j < h; j++) {
                for (int i = 0; i < w; i++) {
                    double v = 0;
                    for (int c = 0; c < 3; c++) {
                        v += p[c] * (rgb.get(c, i, j) * 2 - 1);
                    }
                    out.set(l, i, j, (float) (v / scalingFactor));
                }
            }
        }
        return out;
    }

    private static double[][] inverse3(double[][] a) {
        double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3;
                int i2 = (j + 2) % 3;
                int j1 = (i + 1) % 3;
                int j2 = (i + 2) % 3;
                r[i][j] = (a[i1][j1] * a[i2][j2] - a[i1][j2] * a[i2][j1]) / det;
            }
        }
        return r;
    }

    /** PSNR in dB for values in [0, 1]. */
    public static double psnr(FloatImage a, FloatImage b) {
        double mse = 0;
        float[] x = a.data();
        float[] y = b.data();
        if (x.length != y.length) {
            throw new IllegalArgumentException("sizes differ");
        }
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            mse += d * d;
        }
        mse /= x.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
    }

    public static double meanAbs(FloatImage a, FloatImage b) {
        double s = 0;
        for (int i = 0; i < a.data().length; i++) {
            s += Math.abs(a.data()[i] - b.data()[i]);
        }
        return s / a.data().length;
    }

    public static double maxAbs(FloatImage a, FloatImage b) {
        return maxAbs(a.data(), b.data());
    }

    /** The largest absolute difference of two arrays of the same length (a test fails on different lengths). */
    public static double maxAbs(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("expected " + a.length + " values, found " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
