package io.sharpstep.image;

/**
 * Metadata blocks as found in a file, before the colour profile is checked against the decoded pixels.
 *
 * @param icc        ICC profile bytes, or null
 * @param exif       EXIF block (TIFF structure), or null
 * @param xmp        XMP packet, or null
 * @param iptc       IPTC-IIM records, or null
 * @param resolution print resolution, or null
 */
record RawMetadata(byte[] icc, byte[] exif, byte[] xmp, byte[] iptc, Resolution resolution) {
    static final RawMetadata NONE = new RawMetadata(null, null, null, null, null);

    /** The EXIF orientation, 1..8 (1 when there is none). */
    int orientation() {
        return ExifBlock.orientation(exif);
    }

    /** The stated resolution, or the one in EXIF. */
    Resolution effectiveResolution() {
        return resolution != null ? resolution : ExifBlock.resolution(exif);
    }
}
