package io.sharpstep.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converts tiny hand-written ncnn nets and checks ONNX Runtime's output against values computed here. */
class NcnnToOnnxTest {

    @TempDir
    Path dir;

    private static final int H = 5;
    private static final int W = 4;

    /** Input -> 1x1 conv 3->2 (bias, fused ReLU) -> 3x3 conv 2->3 (pad 1, no bias, fp32 tag). */
    @Test
    void twoConvolutionNetMatchesHandComputation() throws Exception {
        Random rnd = new Random(42);
        float[] w1 = rand(rnd, 2 * 3, 1f);
        float[] b1 = {0.1f, -0.2f};
        float[] w2 = rand(rnd, 3 * 2 * 9, 0.3f);
        ByteBuffer bin = le(4 + 4 * 6 + 4 * 2 + 4 + 4 * 54);
        bin.putInt(NcnnWeightReader.TAG_FP32);
        put(bin, w1);
        put(bin, b1);
        bin.putInt(0);
        put(bin, w2);
        String param = """
                7767517
                3 3
                Input in0 0 1 data
                Convolution c1 1 1 data a 0=2 1=1 5=1 6=6 9=1
                Convolution c2 1 1 a out 0=3 1=3 4=1 6=54
                """;
        float[] x = rand(rnd, 3 * H * W, 1f);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.abs(x[i]);
        }
        float[] a = conv(x, 3, w1, b1, 2, 1);
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.max(0, a[i]);
        }
        float[] expected = conv(a, 2, w2, new float[3], 3, 3);
        float[] got = run(param, bin.array(), x, H, W, 1);
        assertClose(clip(expected), got, 1e-5f);
    }

    /**
     * Input -> Split -> (1x1 conv 3->12, fp16 weights, bias -> PReLU -> PixelShuffle x2) and (Interp nearest
     * x2) -> Eltwise sum 0.5/0.25 -> BinaryOp add 0.1 (scalar).
     */
    @Test
    void upsamplingOpsMatchHandComputation() throws Exception {
        float[] w = new float[12 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = ((i * 7) % 9 - 4) / 8f; // exact in fp16
        }
        float[] bias = new float[12];
        float[] slope = new float[12];
        for (int i = 0; i < 12; i++) {
            bias[i] = (i % 3) * 0.05f;
            slope[i] = 0.1f * (i % 4);
        }
        ByteBuffer bin = le(4 + 2 * 36 + 4 * 12 + 4 * 12);
        bin.putInt(NcnnWeightReader.TAG_FP16);
        for (float v : w) {
            bin.putShort(half(v));
        }
        put(bin, bias);
        put(bin, slope);
        String param = """
                7767517
                8 9
                Input in0 0 1 data
                Split sp 1 2 data d0 d1
                Convolution c 1 1 d0 c12 0=12 1=1 5=1 6=36
                PReLU pr 1 1 c12 p12 0=12
                PixelShuffle ps 1 1 p12 up 0=2
                Interp rs 1 1 d1 near 0=1 1=2.0 2=2.0
                Eltwise sum 2 1 up near mix 0=1 -23301=2,0.5,0.25
                BinaryOp add 1 1 mix out 0=0 1=1 2=0.1
                """;
        Random rnd = new Random(7);
        float[] x = rand(rnd, 3 * H * W, 1f);
        float[] c = conv(x, 3, w, bias, 12, 1);
        for (int ch = 0; ch < 12; ch++) {
            for (int i = 0; i < H * W; i++) {
                float v = c[ch * H * W + i];
                c[ch * H * W + i] = v >= 0 ? v : v * slope[ch];
            }
        }
        int oh = 2 * H;
        int ow = 2 * W;
        float[] expected = new float[3 * oh * ow];
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    float up = c[(ch * 4 + (y % 2) * 2 + (xx % 2)) * H * W + (y / 2) * W + xx / 2];
                    float near = x[ch * H * W + (y / 2) * W + xx / 2];
                    expected[ch * oh * ow + y * ow + xx] = 0.5f * up + 0.25f * near + 0.1f;
                }
            }
        }
        assertClose(clip(expected), run(param, bin.array(), x, H, W, 2), 1e-5f);
    }

    @Test
    void unsupportedLayerIsNamedInOneSentence() {
        String param = "7767517\n2 2\nInput in0 0 1 data\nSoftmax sm 1 1 data out 0=0\n";
        ConversionException e = assertThrows(ConversionException.class,
                () -> NcnnToOnnx.convert(NcnnParamParser.parse(param, "s.param"),
                        new NcnnWeightReader(new byte[0], "s.bin"), 4, "s"));
        assertEquals("Layer sm has type Softmax, which this converter does not support.", e.getMessage());
    }

    @Test
    void unsupportedParameterValueIsNamed() {
        String param = "7767517\n2 2\nInput in0 0 1 data\nInterp up 1 1 data out 0=2 1=2.0 2=2.0\n";
        ConversionException e = assertThrows(ConversionException.class,
                () -> NcnnToOnnx.convert(NcnnParamParser.parse(param, "i.param"),
                        new NcnnWeightReader(new byte[0], "i.bin"), 4, "i"));
        assertEquals("Layer up of type Interp uses resize type 2 (only 1, nearest, is converted), which this "
                + "converter does not support.", e.getMessage());
    }

    @Test
    void leftoverWeightBytesAreReported() {
        String param = "7767517\n2 2\nInput in0 0 1 data\nReLU r 1 1 data out\n";
        ConversionException e = assertThrows(ConversionException.class,
                () -> NcnnToOnnx.convert(NcnnParamParser.parse(param, "r.param"),
                        new NcnnWeightReader(new byte[8], "r.bin"), 4, "r"));
        assertEquals("Model r leaves 8 bytes of its weight file unread, so its layers and weights do not match.",
                e.getMessage());
    }

    private float[] run(String param, byte[] bin, float[] x, int h, int w, int scale) throws Exception {
        Path p = Files.writeString(dir.resolve("m.param"), param);
        Path b = Files.write(dir.resolve("m.bin"), bin);
        Path onnx = dir.resolve("m.onnx");
        NcnnToOnnx.main(new String[] {p.toString(), b.toString(), onnx.toString(), Integer.toString(scale)});
        try (OrtModel m = new OrtModel(onnx)) {
            return m.run(new Images(w, h, x), scale).data();
        }
    }

    /** Direct convolution, stride 1, zero padding k/2, weights [out][in][k][k]. */
    static float[] conv(float[] x, int inC, float[] w, float[] b, int outC, int k) {
        int p = k / 2;
        float[] out = new float[outC * H * W];
        for (int o = 0; o < outC; o++) {
            for (int y = 0; y < H; y++) {
                for (int xx = 0; xx < W; xx++) {
                    double acc = b[o];
                    for (int i = 0; i < inC; i++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int sy = y + ky - p;
                                int sx = xx + kx - p;
                                if (sy >= 0 && sy < H && sx >= 0 && sx < W) {
                                    acc += w[((o * inC + i) * k + ky) * k + kx] * x[i * H * W + sy * W + sx];
                                }
                            }
                        }
                    }
                    out[o * H * W + y * W + xx] = (float) acc;
                }
            }
        }
        return out;
    }

    static float[] clip(float[] v) {
        float[] o = v.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] = Math.max(0f, Math.min(1f, o[i]));
        }
        return o;
    }

    static void assertClose(float[] expected, float[] got, float tol) {
        assertEquals(expected.length, got.length);
        int inRange = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], tol, "element " + i);
            inRange += expected[i] > 0 && expected[i] < 1 ? 1 : 0;
        }
        org.junit.jupiter.api.Assertions.assertTrue(inRange > expected.length / 4, "test data mostly clipped");
    }

    static float[] rand(Random r, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextFloat() * 2 - 1) * scale;
        }
        return v;
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void put(ByteBuffer b, float[] v) {
        for (float f : v) {
            b.putFloat(f);
        }
    }

    /** fp16 bits of a value exactly representable in fp16 (normal range). */
    static short half(float v) {
        if (v == 0f) {
            return 0;
        }
        int bits = Float.floatToIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xFF) - 127 + 15;
        return (short) (sign | (exp << 10) | ((bits >>> 13) & 0x3FF));
    }
}
