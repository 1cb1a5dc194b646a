package io.sharpstep.image;

/**
 * How results are written.
 *
 * @param format  file format
 * @param quality JPEG quality 0..1
 * @param bits    8 or 16 bits per channel (16 falls back to 8 where the format cannot hold it)
 */
public record SaveOptions(ImageFormat format, float quality, int bits) {
    public static final SaveOptions PNG8 = new SaveOptions(ImageFormat.PNG, 0.92f, 8);

    public SaveOptions {
        if (quality < 0 || quality > 1) {
            throw new IllegalArgumentException("JPEG quality must be between 0 and 1");
        }
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("bits must be 8 or 16");
        }
    }

    /** The bit depth actually written. */
    public int effectiveBits() {
        return format.supports16Bit() ? bits : 8;
    }
}
