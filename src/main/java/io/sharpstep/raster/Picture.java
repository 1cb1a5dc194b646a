package io.sharpstep.raster;

import io.sharpstep.core.Rect;

/**
 * Finished pixels as samples, readable region by region: what an encoder writes and a viewer shows. Samples are
 * interleaved (RGB or RGBA), 8 or 16 bits; 16-bit samples come big-endian.
 */
public interface Picture {
    int width();

    int height();

    /** 3 (RGB) or 4 (RGBA). */
    int channels();

    /** 8 or 16. */
    int bits();

    /** The bytes of {@code r}, row after row, into {@code dst} from {@code off}. */
    void readBytes(Rect r, byte[] dst, int off);

    /** Bytes all samples take. */
    default long bytes() {
        return (long) width() * height() * channels() * (bits() / 8);
    }

    /** Reads bytes of a region, as {@link #readBytes}. */
    @FunctionalInterface
    interface Reader {
        void readBytes(Rect r, byte[] dst, int off);
    }

    /** {@code p}'s shape with reads done by {@code reader} (which usually reads {@code p} around some work). */
    static Picture reading(Picture p, Reader reader) {
        return new Picture() {
            @Override
            public int width() {
                return p.width();
            }

            @Override
            public int height() {
                return p.height();
            }

            @Override
            public int channels() {
                return p.channels();
            }

            @Override
            public int bits() {
                return p.bits();
            }

            @Override
            public void readBytes(Rect r, byte[] dst, int off) {
                reader.readBytes(r, dst, off);
            }
        };
    }
}
