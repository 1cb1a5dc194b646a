package io.sharpstep.image;

/**
 * How results are written.
 *
 * @param format          file format
 * @param quality         JPEG quality 0..1
 * @param bits            8 or 16 bits per channel (16 falls back to 8 where the format cannot hold it)
 * @param tiffCompression compression for TIFF
 * @param keepMetadata    carry EXIF, XMP, IPTC and resolution over (the colour profile is always kept, since
 *                        without it the colours would be misread)
 * @param provenance      written into the XMP when not null
 */
public record SaveOptions(ImageFormat format, float quality, int bits, TiffCompression tiffCompression,
                          boolean keepMetadata, Provenance provenance) {
    /** JPEG quality unless the user picks one: high, with files a third the size of quality 100. */
    public static final float DEFAULT_JPEG_QUALITY = 0.92f;
    public static final SaveOptions PNG8 = new SaveOptions(ImageFormat.PNG, DEFAULT_JPEG_QUALITY, 8);

    public SaveOptions {
        if (quality < 0 || quality > 1) {
            throw new IllegalArgumentException("JPEG quality must be between 0 and 1");
        }
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("bits must be 8 or 16");
        }
        if (format == null) {
            throw new IllegalArgumentException("format is required");
        }
        tiffCompression = tiffCompression == null ? TiffCompression.DEFLATE : tiffCompression;
    }

    /** Deflate for TIFF, metadata kept, no provenance note. */
    public SaveOptions(ImageFormat format, float quality, int bits) {
        this(format, quality, bits, TiffCompression.DEFLATE, true, null);
    }

    /** The bit depth actually written. */
    public int effectiveBits() {
        return format.supports16Bit() ? bits : 8;
    }

    public SaveOptions withKeepMetadata(boolean keep) {
        return new SaveOptions(format, quality, bits, tiffCompression, keep, provenance);
    }

    public SaveOptions withProvenance(Provenance p) {
        return new SaveOptions(format, quality, bits, tiffCompression, keepMetadata, p);
    }

    public SaveOptions withTiffCompression(TiffCompression c) {
        return new SaveOptions(format, quality, bits, c, keepMetadata, provenance);
    }
}
