package io.sharpstep.ui.viewer;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;

/**
 * Turns a photo's own RGB (as its embedded ICC profile defines it) into sRGB for the screen. Pixels are kept and
 * written in the photo's own space; only what is drawn is converted. The conversion is sampled once into a
 * 33×33×33 table (through the JDK's colour management) and interpolated per pixel, which is fast enough for
 * every tile the viewer draws. sRGB photos and photos without a profile pass unchanged.
 */
public final class DisplayColor {
    /** No conversion: the pixels are sRGB already (or nothing says otherwise). */
    public static final DisplayColor SRGB = new DisplayColor(null, "sRGB");

    private static final System.Logger LOG = System.getLogger("io.sharpstep.ui");
    private static final int N = 33;

    /** Target sRGB values 0..255 for each node, r-major: ((r·N + g)·N + b)·3. Null = identity. */
    private final float[] table;
    private final String name;

    private DisplayColor(float[] table, String name) {
        this.table = table;
        this.name = name;
    }

    /** The conversion for pixels in {@code profile}'s space (null: none). */
    public static DisplayColor of(ICC_Profile profile) {
        if (profile == null || profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
            return SRGB;
        }
        String desc = description(profile);
        if (desc.startsWith("sRGB")) {
            return SRGB; // "sRGB IEC61966-2.1" and its kin: what the screen is taken to be
        }
        try {
            return new DisplayColor(sample(profile), desc.isBlank() ? "embedded profile" : desc);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "Colour profile '" + desc + "' cannot be used for display; shown as sRGB", e);
            return SRGB;
        }
    }

    /** Whether pixels change on their way to the screen. */
    public boolean converts() {
        return table != null;
    }

    /** The profile's name, for the viewer's label. */
    public String name() {
        return name;
    }

    /** {@code argb} converted to sRGB (alpha kept). */
    public int apply(int argb) {
        if (table == null || argb == Argb.UNKNOWN) {
            return argb;
        }
        float fr = ((argb >> 16) & 0xff) * (N - 1) / 255f;
        float fg = ((argb >> 8) & 0xff) * (N - 1) / 255f;
        float fb = (argb & 0xff) * (N - 1) / 255f;
        int r0 = Math.min((int) fr, N - 2);
        int g0 = Math.min((int) fg, N - 2);
        int b0 = Math.min((int) fb, N - 2);
        float tr = fr - r0;
        float tg = fg - g0;
        float tb = fb - b0;
        int out = argb & 0xff000000;
        for (int c = 0; c < 3; c++) {
            float c00 = lerp(node(r0, g0, b0, c), node(r0, g0, b0 + 1, c), tb);
            float c01 = lerp(node(r0, g0 + 1, b0, c), node(r0, g0 + 1, b0 + 1, c), tb);
            float c10 = lerp(node(r0 + 1, g0, b0, c), node(r0 + 1, g0, b0 + 1, c), tb);
            float c11 = lerp(node(r0 + 1, g0 + 1, b0, c), node(r0 + 1, g0 + 1, b0 + 1, c), tb);
            float v = lerp(lerp(c00, c01, tg), lerp(c10, c11, tg), tr);
            int iv = Math.max(0, Math.min(255, Math.round(v)));
            out |= iv << (16 - 8 * c);
        }
        return Argb.known(out);
    }

    /** Converts {@code argb} in place. */
    public void apply(int[] argb) {
        if (table != null) {
            for (int i = 0; i < argb.length; i++) {
                argb[i] = apply(argb[i]);
            }
        }
    }

    private float node(int r, int g, int b, int c) {
        return table[((r * N + g) * N + b) * 3 + c];
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    /** The profile's sRGB values at every node of the grid, through the JDK's colour management. */
    private static float[] sample(ICC_Profile profile) {
        ComponentColorModel srcModel = new ComponentColorModel(new ICC_ColorSpace(profile), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster src = srcModel.createCompatibleWritableRaster(N * N, N);
        for (int r = 0; r < N; r++) {
            for (int g = 0; g < N; g++) {
                for (int b = 0; b < N; b++) {
                    int x = r * N + g;
                    src.setSample(x, b, 0, grid(r));
                    src.setSample(x, b, 1, grid(g));
                    src.setSample(x, b, 2, grid(b));
                }
            }
        }
        ComponentColorModel dstModel = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false,
                false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage in = new BufferedImage(srcModel, src, false, null);
        BufferedImage out = new BufferedImage(dstModel, dstModel.createCompatibleWritableRaster(N * N, N), false, null);
        new ColorConvertOp(null).filter(in, out);
        float[] table = new float[N * N * N * 3];
        for (int r = 0; r < N; r++) {
            for (int g = 0; g < N; g++) {
                for (int b = 0; b < N; b++) {
                    int i = ((r * N + g) * N + b) * 3;
                    for (int c = 0; c < 3; c++) {
                        table[i + c] = out.getRaster().getSample(r * N + g, b, c) * 255f / 65535f;
                    }
                }
            }
        }
        return table;
    }

    private static int grid(int i) {
        return Math.round(i * 65535f / (N - 1));
    }

    /** The profile's description tag as text ("" if it has none). */
    static String description(ICC_Profile profile) {
        byte[] tag = profile.getData(ICC_Profile.icSigProfileDescriptionTag);
        if (tag == null || tag.length < 12) {
            return "";
        }
        String type = new String(tag, 0, 4, StandardCharsets.US_ASCII);
        if (type.equals("mluc") && tag.length >= 28) {
            int len = readInt(tag, 20);
            int off = readInt(tag, 24);
            if (off >= 0 && len >= 0 && off + len <= tag.length) {
                return new String(tag, off, len, StandardCharsets.UTF_16BE).replace("\0", "").strip();
            }
            return "";
        }
        int len = Math.min(readInt(tag, 8), tag.length - 12);
        return len <= 0 ? "" : new String(tag, 12, len, StandardCharsets.ISO_8859_1).replace("\0", "").strip();
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }

    @Override
    public String toString() {
        return "DisplayColor[" + name + "]";
    }
}
