package io.sharpstep.image;

import com.twelvemonkeys.imageio.metadata.iptc.IPTCReader;
import com.twelvemonkeys.imageio.stream.BufferedFileImageInputStream;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ICC_Profile;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Finds the metadata blocks of a photo (JPEG segments, PNG chunks, TIFF tags, WebP RIFF chunks) and checks each
 * with the reader that understands it. Metadata never stops a photo from being enlarged: a damaged block is left
 * out, and the log says which and why.
 */
final class MetadataReader {
    /** No metadata block SharpStep keeps is larger than this; bigger claims are damage. */
    static final int MAX_BLOCK = 32 << 20;
    private static final System.Logger LOG = System.getLogger("io.sharpstep.image");

    private MetadataReader() {
    }

    static RawMetadata read(Path file, String formatName) {
        String f = formatName.toLowerCase(Locale.ROOT);
        RawMetadata raw;
        try (ImageInputStream in = new BufferedFileImageInputStream(file.toFile())) {
            raw = f.contains("jp") ? JpegMetadata.read(in, file)
                    : f.contains("png") ? PngMetadata.read(in, file)
                    : f.contains("webp") ? webp(in)
                    : f.contains("tif") ? TiffMetadata.read(in, file)
                    : RawMetadata.NONE;
        } catch (IOException | RuntimeException e) {
            // The pixels are decoded and checked separately; only the metadata is lost.
            leftOut(file, "all metadata", e);
            return RawMetadata.NONE;
        }
        return new RawMetadata(
                checked(file, "ICC profile", raw.icc(), ICC_Profile::getInstance),
                checked(file, "EXIF", raw.exif(), ExifBlock::read),
                checked(file, "XMP", raw.xmp(), XmpPacket::parse),
                checked(file, "IPTC", raw.iptc(), MetadataReader::iptcRecords),
                raw.resolution());
    }

    /** Logs that {@code block} of {@code where} (a file, or "result") is left out, and why. */
    static void leftOut(Object where, String block, Throwable why) {
        String reason = why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
        LOG.log(System.Logger.Level.INFO, () -> where + ": " + block + " left out (" + reason.strip() + ")");
    }

    private interface Check {
        Object read(byte[] block) throws Exception;
    }

    private static byte[] checked(Path file, String name, byte[] block, Check check) {
        try {
            if (block != null) {
                check.read(block);
            }
            return block;
        } catch (Exception e) {
            leftOut(file, name, e);
            return null;
        }
    }

    private static Object iptcRecords(byte[] iptc) throws IOException {
        if (new IPTCReader().read(new ByteArrayImageInputStream(iptc)).size() == 0) {
            throw new IIOException("no IPTC records");
        }
        return iptc;
    }

    /** WebP's RIFF chunks: the library's WebP reader uses EXIF and XMP but does not hand them out. */
    private static RawMetadata webp(ImageInputStream in) throws IOException {
        in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        byte[] icc = null;
        byte[] exif = null;
        byte[] xmp = null;
        long length = in.length();
        for (long pos = 12; pos + 8 <= length; ) {
            in.seek(pos);
            byte[] type = new byte[4];
            in.readFully(type);
            long len = in.readUnsignedInt();
            if (len > length - pos - 8) {
                break;
            }
            switch (new String(type, StandardCharsets.ISO_8859_1)) {
                case "ICCP" -> icc = bytes(in, len);
                case "EXIF" -> {
                    byte[] e = bytes(in, len);
                    boolean header = e.length >= 6 && new String(e, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0");
                    exif = header ? Arrays.copyOfRange(e, 6, e.length) : e;
                }
                case "XMP " -> xmp = bytes(in, len);
                default -> { }
            }
            pos += 8 + len + (len & 1);
        }
        return new RawMetadata(icc, exif, xmp, null, null);
    }

    private static byte[] bytes(ImageInputStream in, long len) throws IOException {
        if (len > MAX_BLOCK) {
            throw new IIOException("a metadata chunk of " + len + " bytes");
        }
        byte[] b = new byte[(int) len];
        in.readFully(b);
        return b;
    }
}
