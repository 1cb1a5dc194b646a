package io.sharpstep.core;

/**
 * Pixels that can be read region by region: a decoded photo, a view of one (cropped, mirrored, enlarged), or
 * an image in memory. Values are floats in [0, 1], planar (CHW). Reads may be served from any thread that
 * owns the source; a source is not for concurrent use unless it says so.
 */
public interface PixelSource {
    int channels();

    int width();

    int height();

    /**
     * Bits per sample the pixels came from (8 or 16; 32 for computed values): 8-bit sources are resampled
     * with Pillow's integer arithmetic so results match Pillow value for value.
     */
    int bits();

    /** The pixels of {@code r}, which must lie inside the source, as a new image the caller may change. */
    FloatImage read(Rect r);

    /** Reads a region already checked to lie inside the source. */
    @FunctionalInterface
    interface Reader {
        FloatImage read(Rect r);
    }

    /** A source of the given shape whose regions {@code reader} makes (after the bounds check). */
    static PixelSource of(int channels, int width, int height, int bits, Reader reader) {
        return new PixelSource() {
            @Override
            public int channels() {
                return channels;
            }

            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public int bits() {
                return bits;
            }

            @Override
            public FloatImage read(Rect r) {
                check(r);
                return reader.read(r);
            }
        };
    }

    /** Whether {@code r} lies inside a {@code width × height} area. */
    static boolean inside(Rect r, int width, int height) {
        return r.x() >= 0 && r.y() >= 0 && r.width() > 0 && r.height() > 0
                && (long) r.x() + r.width() <= width && (long) r.y() + r.height() <= height;
    }

    /** Throws if {@code r} is not inside this source. */
    default void check(Rect r) {
        if (!inside(r, width(), height())) {
            throw new IllegalArgumentException("region " + r + " outside " + width() + "x" + height());
        }
    }
}
