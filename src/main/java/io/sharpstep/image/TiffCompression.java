package io.sharpstep.image;

/** Lossless TIFF compressions SharpStep writes. */
public enum TiffCompression {
    /** Deflate (zip) with horizontal predictor: smallest, read by every current tool. */
    DEFLATE("Deflate"),
    /** LZW with horizontal predictor: for older tools. */
    LZW("LZW"),
    /** Uncompressed. */
    NONE("None");

    private final String imageIoName;

    TiffCompression(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The compression type name TwelveMonkeys' TIFF writer takes. */
    String imageIoName() {
        return imageIoName;
    }
}
