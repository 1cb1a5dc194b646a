package io.sharpstep.jobs;

import java.nio.file.Path;

/**
 * What a job learned about its input.
 *
 * @param file   the photo
 * @param format the decoder's format name
 * @param width  upright width in pixels
 * @param height upright height in pixels
 * @param bits   8 or 16
 * @param alpha  whether it has transparency
 */
public record SourceFacts(Path file, String format, int width, int height, int bits, boolean alpha) {
    public double megapixels() {
        return (double) width * height / 1e6;
    }
}
