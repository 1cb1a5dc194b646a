package io.sharpstep.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Metadata in PNG chunks: iCCP, eXIf, iTXt "XML:com.adobe.xmp", pHYs, and ImageMagick's "Raw profile type"
 * text chunks (the usual home of IPTC, and of EXIF in files older than eXIf).
 */
final class PngMetadata {
    private static final byte[] SIGNATURE = {(byte) 137, 'P', 'N', 'G', 13, 10, 26, 10};
    private static final String XMP_KEY = "XML:com.adobe.xmp";
    private static final String RAW_PROFILE = "Raw profile type ";
    /** Chunks of the encoder's output we replace with ours. */
    private static final Set<String> REPLACED = Set.of("iCCP", "sRGB", "gAMA", "cHRM", "pHYs", "eXIf", "iTXt",
            "tEXt", "zTXt");

    private PngMetadata() {
    }

    static RawMetadata read(FileBytes in) throws IOException {
        byte[] icc = null;
        byte[] exif = null;
        byte[] xmp = null;
        byte[] iptc = null;
        Resolution res = null;
        long pos = 8;
        while (pos + 12 <= in.length()) {
            byte[] h = in.read(pos, 8);
            long len = FileBytes.u32be(h, 0);
            String type = new String(h, 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("IEND") || len > in.length() - pos - 12) {
                break;
            }
            boolean wanted = Set.of("iCCP", "eXIf", "iTXt", "pHYs", "zTXt", "tEXt").contains(type);
            byte[] d = wanted && len <= FileBytes.MAX_BLOCK ? in.read(pos + 8, len) : null;
            if (d != null) {
                try {
                    switch (type) {
                        case "iCCP" -> icc = icc != null ? icc : inflate(d, nul(d, 0) + 2);
                        case "eXIf" -> exif = exif != null ? exif : d;
                        case "pHYs" -> res = d.length >= 9 && d[8] == 1
                                ? Resolution.of(FileBytes.u32be(d, 0) * 0.0254, FileBytes.u32be(d, 4) * 0.0254, 2)
                                : res;
                        case "iTXt" -> xmp = xmp != null ? xmp : itxtXmp(d);
                        default -> {
                            int k = nul(d, 0);
                            String key = new String(d, 0, k, StandardCharsets.ISO_8859_1);
                            if (key.startsWith(RAW_PROFILE)) {
                                byte[] text = type.equals("zTXt") ? inflate(d, k + 2) : Arrays.copyOfRange(d, k + 1, d.length);
                                byte[] raw = rawProfile(text);
                                switch (key.substring(RAW_PROFILE.length())) {
                                    case "iptc" -> iptc = iptc != null ? iptc : iptcOf(raw);
                                    case "exif", "APP1" -> exif = exif != null ? exif : stripExifHeader(raw);
                                    case "xmp" -> xmp = xmp != null ? xmp : raw;
                                    case "icc", "icm" -> icc = icc != null ? icc : raw;
                                    default -> { }
                                }
                            }
                        }
                    }
                } catch (DataFormatException | RuntimeException e) {
                    // A damaged metadata chunk is skipped; the picture itself may still be fine.
                }
            }
            pos += 12 + len;
        }
        return new RawMetadata(icc, exif, xmp, iptc, res);
    }

    private static byte[] itxtXmp(byte[] d) throws DataFormatException {
        int k = nul(d, 0);
        if (!new String(d, 0, k, StandardCharsets.ISO_8859_1).equals(XMP_KEY)) {
            return null;
        }
        boolean compressed = d[k + 1] != 0;
        int lang = nul(d, k + 3);
        int text = nul(d, lang + 1) + 1;
        return compressed ? inflate(d, text) : Arrays.copyOfRange(d, text, d.length);
    }

    private static byte[] stripExifHeader(byte[] raw) {
        return raw != null && FileBytes.startsWith(raw, 0, "Exif\0\0") ? Arrays.copyOfRange(raw, 6, raw.length) : raw;
    }

    /** IPTC in a raw profile may come wrapped in Photoshop resources. */
    private static byte[] iptcOf(byte[] raw) {
        if (raw != null && FileBytes.startsWith(raw, 0, "8BIM")) {
            return PhotoshopResources.find(raw, 0, PhotoshopResources.IPTC);
        }
        return raw;
    }

    /** ImageMagick's "\ntype\n   length\nhex…" text. */
    private static byte[] rawProfile(byte[] text) {
        String[] parts = new String(text, StandardCharsets.ISO_8859_1).trim().split("\\s+", 3);
        if (parts.length < 3) {
            return null;
        }
        int n = Integer.parseInt(parts[1]);
        String hex = parts[2].replaceAll("\\s+", "");
        return n * 2 <= hex.length() ? HexFormat.of().parseHex(hex, 0, n * 2) : null;
    }

    private static int nul(byte[] d, int from) {
        for (int i = from; i < d.length; i++) {
            if (d[i] == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated text in a PNG chunk");
    }

    private static byte[] inflate(byte[] d, int off) throws DataFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(d, off, d.length - off);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new DataFormatException("truncated compressed data");
                }
                out.write(buf, 0, n);
                if (out.size() > FileBytes.MAX_BLOCK) {
                    throw new DataFormatException("compressed metadata expands beyond the limit");
                }
            }
            return out.toByteArray();
        } finally {
            inf.end();
        }
    }

    /** Copies the PNG {@code encoded} to {@code out} with our metadata chunks after IHDR. */
    static void write(FileBytes encoded, OutputStream out, RawMetadata m) throws IOException {
        if (!Arrays.equals(encoded.read(0, 8), SIGNATURE)) {
            throw new IOException("the PNG encoder wrote no PNG signature");
        }
        out.write(SIGNATURE);
        long pos = 8;
        boolean ihdr = true;
        while (pos + 12 <= encoded.length()) {
            byte[] h = encoded.read(pos, 8);
            long len = FileBytes.u32be(h, 0);
            String type = new String(h, 4, 4, StandardCharsets.ISO_8859_1);
            if (!REPLACED.contains(type)) {
                Streams.copy(encoded, pos, len + 12, out);
            }
            pos += len + 12;
            if (ihdr) {
                ihdr = false;
                writeChunks(out, m);
            }
        }
    }

    private static void writeChunks(OutputStream out, RawMetadata m) throws IOException {
        if (m.icc() != null) {
            chunk(out, "iCCP", JpegMetadata.concat(JpegMetadata.ascii("ICC profile\0\0"), deflate(m.icc())));
        }
        Resolution r = m.resolution();
        if (r != null) {
            long x = Math.min(0x7FFFFFFFL, Math.round(r.xPpi() / 0.0254));
            long y = Math.min(0x7FFFFFFFL, Math.round(r.yPpi() / 0.0254));
            chunk(out, "pHYs", new byte[] {(byte) (x >> 24), (byte) (x >> 16), (byte) (x >> 8), (byte) x,
                    (byte) (y >> 24), (byte) (y >> 16), (byte) (y >> 8), (byte) y, 1});
        }
        if (m.exif() != null) {
            chunk(out, "eXIf", m.exif());
        }
        if (m.xmp() != null) {
            chunk(out, "iTXt", JpegMetadata.concat(JpegMetadata.ascii(XMP_KEY + "\0\0\0\0\0"), m.xmp()));
        }
        if (m.iptc() != null) {
            String hex = HexFormat.of().formatHex(m.iptc()).replaceAll("(.{72})", "$1\n");
            String text = "\niptc\n" + String.format("%8d", m.iptc().length) + "\n" + hex + "\n";
            chunk(out, "zTXt", JpegMetadata.concat(JpegMetadata.ascii(RAW_PROFILE + "iptc\0\0"),
                    deflate(text.getBytes(StandardCharsets.ISO_8859_1))));
        }
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        byte[] t = JpegMetadata.ascii(type);
        int n = data.length;
        out.write(new byte[] {(byte) (n >>> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n});
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        long c = crc.getValue();
        out.write(new byte[] {(byte) (c >> 24), (byte) (c >> 16), (byte) (c >> 8), (byte) c});
    }

    private static byte[] deflate(byte[] d) {
        Deflater def = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            def.setInput(d);
            def.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!def.finished()) {
                out.write(buf, 0, def.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            def.end();
        }
    }
}
