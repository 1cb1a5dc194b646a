package io.sharpstep.image;

import java.awt.color.ICC_Profile;

/**
 * Metadata kept from the source photo.
 *
 * @param icc the embedded colour profile, or null (then sRGB is assumed and none is written)
 */
public record PhotoMetadata(ICC_Profile icc) {
    public static final PhotoMetadata NONE = new PhotoMetadata(null);
}
