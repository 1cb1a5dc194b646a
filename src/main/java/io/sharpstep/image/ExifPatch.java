package io.sharpstep.image;

import com.twelvemonkeys.imageio.metadata.exif.EXIF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Adapts an EXIF block to a result by changing a few bytes in place: orientation 1, pixel dimensions, resolution
 * multiplied. This exists only for blocks that TIFFWriter cannot lay out anew without damage ({@link ExifBlock}
 * decides): a maker note is an opaque blob that points into the block with absolute offsets, so it only stays
 * valid if every byte stays where it was; the same holds for text that is not UTF-8, which TIFFReader cannot
 * return as it was. TwelveMonkeys reports values but not where they are, hence the small IFD walk here. Only
 * single-value entries are changed; anything out of range is left as it is.
 */
final class ExifPatch {
    private static final int SHORT = TIFF.TYPE_SHORT;
    private static final int LONG = TIFF.TYPE_LONG;

    private final ByteBuffer b;

    private ExifPatch(byte[] tiff) {
        this.b = ByteBuffer.wrap(tiff).order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }

    /** A patched copy of {@code tiff}, which TIFFReader has read (so it has a TIFF header). */
    static byte[] forOutput(byte[] tiff, int w, int h, double resolutionFactor) {
        ExifPatch p = new ExifPatch(tiff.clone());
        int ifd0 = (int) p.u32(4);
        int o = p.find(ifd0, TIFF.TAG_ORIENTATION);
        if (o >= 0 && p.intValue(o) != 1) {
            p.setInt(o, 1);
            p.dropNextIfd(ifd0); // The thumbnail (IFD1) would show the old orientation.
        }
        p.setInt(p.find(ifd0, TIFF.TAG_IMAGE_WIDTH), w);
        p.setInt(p.find(ifd0, TIFF.TAG_IMAGE_HEIGHT), h);
        p.scaleRational(p.find(ifd0, TIFF.TAG_X_RESOLUTION), resolutionFactor);
        p.scaleRational(p.find(ifd0, TIFF.TAG_Y_RESOLUTION), resolutionFactor);
        int exif = p.find(ifd0, TIFF.TAG_EXIF_IFD);
        if (exif >= 0) {
            int sub = (int) Math.min(p.u32(exif + 8), Integer.MAX_VALUE);
            p.setInt(p.find(sub, EXIF.TAG_PIXEL_X_DIMENSION), w);
            p.setInt(p.find(sub, EXIF.TAG_PIXEL_Y_DIMENSION), h);
        }
        return p.b.array();
    }

    /** The position of the entry for {@code tag} in the IFD at {@code ifd}, or -1. */
    private int find(int ifd, int tag) {
        if (ifd < 8 || ifd + 2 > b.limit()) {
            return -1;
        }
        int n = u16(ifd);
        for (int i = 0, p = ifd + 2; i < n && p + 12 <= b.limit(); i++, p += 12) {
            if (u16(p) == tag) {
                return p;
            }
        }
        return -1;
    }

    private void dropNextIfd(int ifd) {
        int p = ifd + 2 + u16(ifd) * 12;
        if (p + 4 <= b.limit()) {
            b.putInt(p, 0);
        }
    }

    private long intValue(int entry) {
        int type = u16(entry + 2);
        return type == SHORT ? u16(entry + 8) : type == LONG ? u32(entry + 8) : -1;
    }

    private void setInt(int entry, long v) {
        if (entry < 0 || u32(entry + 4) != 1) {
            return;
        }
        int type = u16(entry + 2);
        if (type == SHORT && v <= 0xFFFF) {
            b.putShort(entry + 8, (short) v);
            b.putShort(entry + 10, (short) 0);
        } else if (type == SHORT || type == LONG) {
            // A one-value LONG fits the same four inline bytes a SHORT used.
            b.putShort(entry + 2, (short) LONG);
            b.putInt(entry + 8, (int) v);
        }
    }

    private void scaleRational(int entry, double factor) {
        if (entry < 0 || factor == 1 || u16(entry + 2) != TIFF.TYPE_RATIONAL) {
            return;
        }
        long off = u32(entry + 8);
        if (off < 8 || off + 8 > b.limit()) {
            return;
        }
        long den = u32((int) off + 4);
        if (den == 0 || u32((int) off) == 0) {
            return;
        }
        var r = ExifBlock.rational((double) u32((int) off) / den * factor);
        b.putInt((int) off, (int) r.numerator());
        b.putInt((int) off + 4, (int) r.denominator());
    }

    private int u16(int p) {
        return p >= 0 && p + 2 <= b.limit() ? b.getShort(p) & 0xFFFF : 0;
    }

    private long u32(int p) {
        return p >= 0 && p + 4 <= b.limit() ? b.getInt(p) & 0xFFFFFFFFL : 0;
    }
}
