package io.sharpstep.image;

import java.awt.color.ICC_Profile;

/**
 * Metadata carried from a source photo to its results. It describes the source as read (pixels already upright,
 * see {@link Orientation}); the saver adapts what depends on the pixel size (dimensions, resolution) to the
 * image it writes. Byte arrays are shared, not copied: nobody changes them after reading.
 *
 * @param icc        the RGB colour profile the pixels are in, or null (then sRGB is assumed and none is written)
 * @param exif       EXIF as a TIFF-structured block (without the JPEG "Exif\0\0" header), or null
 * @param xmp        the XMP packet (UTF-8), or null
 * @param iptc       IPTC-IIM records, or null
 * @param resolution print resolution, or null when the file has none
 * @param width      source width in pixels (after orientation), 0 when unknown
 * @param height     source height in pixels (after orientation), 0 when unknown
 */
public record PhotoMetadata(ICC_Profile icc, byte[] exif, byte[] xmp, byte[] iptc, Resolution resolution,
                            int width, int height) {
    /** No metadata: sRGB, nothing else. */
    public static final PhotoMetadata NONE = new PhotoMetadata(null);

    /** Only a colour profile. */
    public PhotoMetadata(ICC_Profile icc) {
        this(icc, null, null, null, null, 0, 0);
    }

    /** The same metadata with another colour profile. */
    public PhotoMetadata withIcc(ICC_Profile profile) {
        return new PhotoMetadata(profile, exif, xmp, iptc, resolution, width, height);
    }


}
