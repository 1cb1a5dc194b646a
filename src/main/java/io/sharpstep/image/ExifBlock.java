package io.sharpstep.image;

import java.util.Arrays;

/**
 * Reads and patches an EXIF block (TIFF structure) in place. Patching instead of rewriting keeps every byte we
 * do not understand where it was, so maker notes with absolute offsets stay valid.
 */
final class ExifBlock {
    static final int TAG_WIDTH = 256;
    static final int TAG_HEIGHT = 257;
    static final int TAG_ORIENTATION = 274;
    static final int TAG_X_RES = 282;
    static final int TAG_Y_RES = 283;
    static final int TAG_RES_UNIT = 296;
    static final int TAG_EXIF_IFD = 0x8769;
    static final int TAG_PIXEL_X = 0xA002;
    static final int TAG_PIXEL_Y = 0xA003;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;
    private static final int TYPE_RATIONAL = 5;

    private final byte[] b;
    private final boolean little;

    private ExifBlock(byte[] b) {
        this.b = b;
        this.little = b[0] == 'I';
    }

    /** A view of {@code tiff}, or null if it does not start with a TIFF header. */
    static ExifBlock of(byte[] tiff) {
        if (tiff == null || tiff.length < 8) {
            return null;
        }
        boolean ii = tiff[0] == 'I' && tiff[1] == 'I' && tiff[2] == 42 && tiff[3] == 0;
        boolean mm = tiff[0] == 'M' && tiff[1] == 'M' && tiff[2] == 0 && tiff[3] == 42;
        return ii || mm ? new ExifBlock(tiff) : null;
    }

    /** The orientation tag of {@code tiff} (1..8), 1 when absent or damaged. */
    static int orientation(byte[] tiff) {
        ExifBlock e = of(tiff);
        int pos = e == null ? -1 : e.find(e.ifd0(), TAG_ORIENTATION);
        int v = pos < 0 ? 1 : (int) e.intValue(pos);
        return v >= 1 && v <= 8 ? v : 1;
    }

    /** The resolution stated in IFD0, or null. */
    static Resolution resolution(byte[] tiff) {
        ExifBlock e = of(tiff);
        if (e == null) {
            return null;
        }
        int x = e.find(e.ifd0(), TAG_X_RES);
        int y = e.find(e.ifd0(), TAG_Y_RES);
        int u = e.find(e.ifd0(), TAG_RES_UNIT);
        if (x < 0 || y < 0) {
            return null;
        }
        return Resolution.of(e.rational(x), e.rational(y), u < 0 ? 2 : (int) e.intValue(u));
    }

    /**
     * A copy of {@code tiff} for a result of {@code w × h} upright pixels: orientation 1, pixel dimensions updated,
     * resolution multiplied by {@code resolutionFactor}; the thumbnail is dropped when the pixels were turned, as
     * it would show the old orientation. Null in, null out; a block that cannot be patched is returned unchanged.
     */
    static byte[] forOutput(byte[] tiff, int w, int h, double resolutionFactor) {
        ExifBlock e = of(tiff == null ? null : Arrays.copyOf(tiff, tiff.length));
        if (e == null) {
            return tiff;
        }
        int ifd0 = e.ifd0();
        int o = e.find(ifd0, TAG_ORIENTATION);
        if (o >= 0 && e.intValue(o) != 1) {
            e.setInt(o, 1);
            e.dropNextIfd(ifd0);
        }
        e.setIntIfPresent(e.find(ifd0, TAG_WIDTH), w);
        e.setIntIfPresent(e.find(ifd0, TAG_HEIGHT), h);
        e.scaleRational(e.find(ifd0, TAG_X_RES), resolutionFactor);
        e.scaleRational(e.find(ifd0, TAG_Y_RES), resolutionFactor);
        int exif = e.find(ifd0, TAG_EXIF_IFD);
        if (exif >= 0) {
            int sub = (int) e.intValue(exif);
            e.setIntIfPresent(e.find(sub, TAG_PIXEL_X), w);
            e.setIntIfPresent(e.find(sub, TAG_PIXEL_Y), h);
        }
        return e.b;
    }

    private int ifd0() {
        long off = u32(4);
        return off >= 8 && off < b.length ? (int) off : -1;
    }

    /** The position of the entry for {@code tag} in the IFD at {@code ifd}, or -1. */
    private int find(int ifd, int tag) {
        if (ifd < 0 || ifd + 2 > b.length) {
            return -1;
        }
        int n = u16(ifd);
        for (int i = 0; i < n; i++) {
            int p = ifd + 2 + i * 12;
            if (p + 12 > b.length) {
                return -1;
            }
            if (u16(p) == tag) {
                return p;
            }
        }
        return -1;
    }

    private void dropNextIfd(int ifd) {
        int p = ifd + 2 + u16(ifd) * 12;
        if (p + 4 <= b.length) {
            put32(p, 0);
        }
    }

    private long intValue(int entry) {
        int type = u16(entry + 2);
        return type == TYPE_SHORT ? u16(entry + 8) : type == TYPE_LONG ? u32(entry + 8) : -1;
    }

    private double rational(int entry) {
        if (u16(entry + 2) != TYPE_RATIONAL) {
            return -1;
        }
        long off = u32(entry + 8);
        if (off + 8 > b.length) {
            return -1;
        }
        long den = u32((int) off + 4);
        return den == 0 ? -1 : (double) u32((int) off) / den;
    }

    private void setInt(int entry, long v) {
        int type = u16(entry + 2);
        if (type == TYPE_SHORT && v <= 0xFFFF) {
            put16(entry + 8, (int) v);
            put16(entry + 10, 0);
        } else if (type == TYPE_SHORT || type == TYPE_LONG) {
            // A one-value LONG fits the same four inline bytes a SHORT used.
            put16(entry + 2, TYPE_LONG);
            put32(entry + 8, v);
        }
    }

    private void setIntIfPresent(int entry, long v) {
        if (entry >= 0 && u32(entry + 4) == 1) {
            setInt(entry, v);
        }
    }

    private void scaleRational(int entry, double factor) {
        double v = entry < 0 ? -1 : rational(entry);
        if (v <= 0 || factor == 1) {
            return;
        }
        double scaled = v * factor;
        int off = (int) u32(entry + 8);
        boolean whole = Math.abs(scaled - Math.rint(scaled)) < 1e-9 && scaled < 4e9;
        put32(off, whole ? Math.round(scaled) : Math.min(Math.round(scaled * 1000), 0xFFFFFFFFL));
        put32(off + 4, whole ? 1 : 1000);
    }

    private int u16(int p) {
        if (p < 0 || p + 2 > b.length) {
            return 0;
        }
        int a = b[p] & 0xFF;
        int c = b[p + 1] & 0xFF;
        return little ? a | c << 8 : a << 8 | c;
    }

    private long u32(int p) {
        if (p < 0 || p + 4 > b.length) {
            return 0;
        }
        long hi = little ? u16(p + 2) : u16(p);
        long lo = little ? u16(p) : u16(p + 2);
        return hi << 16 | lo;
    }

    private void put16(int p, int v) {
        b[p] = (byte) (little ? v : v >> 8);
        b[p + 1] = (byte) (little ? v >> 8 : v);
    }

    private void put32(int p, long v) {
        put16(little ? p + 2 : p, (int) (v >>> 16) & 0xFFFF);
        put16(little ? p : p + 2, (int) v & 0xFFFF);
    }
}
