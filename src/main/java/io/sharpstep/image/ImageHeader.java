package io.sharpstep.image;

/**
 * What a photo's header says, before its pixels are decoded.
 *
 * @param name   the file name, for messages
 * @param width  width once turned upright (EXIF orientation applied)
 * @param height height once turned upright
 * @param format the decoder's format name, e.g. "JPEG"
 * @param bits   8 or 16, as far as the header tells
 * @param alpha  whether it has transparency, as far as the header tells
 */
public record ImageHeader(String name, long width, long height, String format, int bits, boolean alpha) {
    public long pixels() {
        return width * height;
    }

    /** Bytes the decoded pixels take in memory (samples as stored). */
    public long decodedBytes() {
        return pixels() * (alpha ? 4 : 3) * (bits / 8);
    }
}
