package io.sharpstep.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharpstep.core.FloatImage;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares {@link Bicubic} with Pillow 9.4's {@code Image.resize(size, Image.BICUBIC)} on the cases that
 * models/fixtures/make_bicubic_expected.py wrote to src/test/resources/bicubic/.
 */
class BicubicPilTest {
    private static final String DIR = "/bicubic/";

    record Case(String name, String input, String expected, int width, int height) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = BicubicPilTest.class.getResourceAsStream(DIR + "cases.txt")) {
            assertNotNull(in, "cases.txt missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\s+");
                out.add(new Case(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4])));
            }
        }
        assertFalse(out.isEmpty(), "no cases");
        return out;
    }

    static FloatImage read(String name) throws IOException {
        try (InputStream in = BicubicPilTest.class.getResourceAsStream(DIR + name)) {
            assertNotNull(in, name + " missing");
            BufferedImage img = ImageIO.read(in);
            int w = img.getWidth();
            int h = img.getHeight();
            float[] data = new float[3 * w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    data[y * w + x] = ((rgb >> 16) & 0xff) / 255f;
                    data[(h + y) * w + x] = ((rgb >> 8) & 0xff) / 255f;
                    data[(2 * h + y) * w + x] = (rgb & 0xff) / 255f;
                }
            }
            return new FloatImage(3, w, h, data);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPillow(Case c) throws IOException {
        FloatImage src = read(c.input());
        FloatImage want = read(c.expected());
        assertEquals(c.width(), want.width(), "expected width");
        assertEquals(c.height(), want.height(), "expected height");
        FloatImage got = Bicubic.resize(src, c.width(), c.height(), true);
        assertEquals(c.width(), got.width());
        assertEquals(c.height(), got.height());
        assertEquals(3, got.channels());
        float[] g = got.data();
        float[] e = want.data();
        double max = 0;
        int exact = 0;
        for (int i = 0; i < g.length; i++) {
            int gi = Math.round(g[i] * 255f);
            int ei = Math.round(e[i] * 255f);
            max = Math.max(max, Math.abs(g[i] - e[i]));
            if (gi == ei) {
                exact++;
            }
        }
        System.out.printf("bicubic %-16s %dx%d -> %dx%d: max |diff| = %.2f/255, exact %d/%d (%.2f%%)%n",
                c.name(), src.width(), src.height(), c.width(), c.height(), max * 255, exact, g.length,
                100.0 * exact / g.length);
        assertTrue(max <= 1 / 255.0 + 1e-6, c.name() + ": max |diff| " + max * 255 + "/255 > 1/255");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void upscaleIsResizeByFactor(Case c) throws IOException {
        FloatImage src = read(c.input());
        FloatImage a = Bicubic.upscale(src, 4, true);
        FloatImage b = Bicubic.resize(src, 4 * src.width(), 4 * src.height(), true);
        assertEquals(b.width(), a.width());
        assertEquals(b.height(), a.height());
        org.junit.jupiter.api.Assertions.assertArrayEquals(b.data(), a.data());
    }

    @Test
    void keysKernelValues() {
        // Keys cubic convolution, a = -0.5
        assertEquals(1.0, BicubicTaps.kernel(0), 1e-12);
        assertEquals(0.5625, BicubicTaps.kernel(0.5), 1e-12);
        assertEquals(0.5625, BicubicTaps.kernel(-0.5), 1e-12);
        assertEquals(0.0, BicubicTaps.kernel(1), 1e-12);
        assertEquals(-0.0625, BicubicTaps.kernel(1.5), 1e-12);
        assertEquals(-0.0625, BicubicTaps.kernel(-1.5), 1e-12);
        assertEquals(0.0, BicubicTaps.kernel(2), 1e-12);
        assertEquals(0.0, BicubicTaps.kernel(3.7), 1e-12);
        // x4 enlargement: output pixel centres fall at offsets 0.125 / 0.375 from input centres
        assertEquals(0.9638671875, BicubicTaps.kernel(0.125), 1e-12);
        assertEquals(-0.0068359375, BicubicTaps.kernel(1.875), 1e-12);
        double sum = BicubicTaps.kernel(-1.375) + BicubicTaps.kernel(-0.375) + BicubicTaps.kernel(0.625)
                + BicubicTaps.kernel(1.625);
        assertEquals(1.0, sum, 1e-12, "kernel taps sum to 1 at any phase");
    }

    @Test
    void constantImageStaysConstant() {
        float[] d = new float[3 * 5 * 4];
        java.util.Arrays.fill(d, 77 / 255f);
        FloatImage out = Bicubic.upscale(new FloatImage(3, 5, 4, d), 4, true);
        for (float v : out.data()) {
            assertEquals(77 / 255f, v, 1e-7);
        }
    }
}
