package io.sharpstep.image;

import io.sharpstep.core.SharpStepException;

import java.util.Locale;

/** Output file formats. */
public enum ImageFormat {
    PNG("png", "png", true),
    JPEG("jpg", "jpeg", false),
    TIFF("tif", "tiff", true);

    private final String extension;
    private final String imageIoName;
    private final boolean sixteenBit;

    ImageFormat(String extension, String imageIoName, boolean sixteenBit) {
        this.extension = extension;
        this.imageIoName = imageIoName;
        this.sixteenBit = sixteenBit;
    }

    public String extension() {
        return extension;
    }

    /** The ImageIO format name. */
    public String imageIoName() {
        return imageIoName;
    }

    /** Whether 16 bits per channel can be written. */
    public boolean supports16Bit() {
        return sixteenBit;
    }

    /** Whether an alpha channel can be written. */
    public boolean supportsAlpha() {
        return this != JPEG;
    }

    /** png, jpg, jpeg, tif, tiff (any case). */
    public static ImageFormat lookup(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "png" -> PNG;
            case "jpg", "jpeg" -> JPEG;
            case "tif", "tiff" -> TIFF;
            default -> throw new SharpStepException(SharpStepException.Kind.OPTION, "Unknown output format '" + name
                    + "': expected png, jpg or tif.");
        };
    }
}
