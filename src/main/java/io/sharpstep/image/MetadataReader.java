package io.sharpstep.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.stream.FileImageInputStream;

/**
 * Finds the metadata blocks of a photo by walking its container (JPEG segments, PNG chunks, TIFF tags, WebP
 * RIFF chunks). Metadata never stops a photo from being enlarged: a damaged block is left out.
 */
final class MetadataReader {
    private MetadataReader() {
    }

    static RawMetadata read(Path file, String formatName) {
        String f = formatName.toLowerCase(Locale.ROOT);
        try (FileBytes in = new FileBytes(file)) {
            if (f.contains("jp")) {
                return JpegMetadata.read(in);
            }
            if (f.contains("png")) {
                return PngMetadata.read(in);
            }
            if (f.contains("webp")) {
                return webp(in);
            }
            if (f.contains("tif")) {
                try (FileImageInputStream tiff = new FileImageInputStream(file.toFile())) {
                    return TiffMetadata.read(tiff);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Best effort, see the class comment: the pixels are decoded and checked separately.
        }
        return RawMetadata.NONE;
    }

    private static RawMetadata webp(FileBytes in) throws IOException {
        byte[] icc = null;
        byte[] exif = null;
        byte[] xmp = null;
        long pos = 12;
        while (pos + 8 <= in.length()) {
            byte[] h = in.read(pos, 8);
            String type = new String(h, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long len = FileBytes.u32le(h, 4);
            if (len > in.length() - pos - 8) {
                break;
            }
            switch (type) {
                case "ICCP" -> icc = in.read(pos + 8, len);
                case "EXIF" -> {
                    byte[] e = in.read(pos + 8, len);
                    exif = FileBytes.startsWith(e, 0, "Exif\0\0") ? Arrays.copyOfRange(e, 6, e.length) : e;
                }
                case "XMP " -> xmp = in.read(pos + 8, len);
                default -> { }
            }
            pos += 8 + len + (len & 1);
        }
        return new RawMetadata(icc, exif, xmp, null, null);
    }
}
