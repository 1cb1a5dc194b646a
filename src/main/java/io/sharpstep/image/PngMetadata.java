package io.sharpstep.image;

import javax.imageio.stream.ImageInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Metadata in PNG chunks: iCCP, eXIf, iTXt "XML:com.adobe.xmp", pHYs, and ImageMagick's "Raw profile type"
 * text chunks (the usual home of IPTC, and of EXIF in files older than eXIf). TwelveMonkeys has no PNG support,
 * so the chunks are walked here; their contents are checked by the same readers as in the other formats.
 */
final class PngMetadata {
    private static final byte[] SIGNATURE = {(byte) 137, 'P', 'N', 'G', 13, 10, 26, 10};
    private static final String XMP_KEY = "XML:com.adobe.xmp";
    private static final String RAW_PROFILE = "Raw profile type ";
    private static final int MAX_BLOCK = MetadataReader.MAX_BLOCK;
    private static final Set<String> READ = Set.of("iCCP", "eXIf", "iTXt", "pHYs", "zTXt", "tEXt");
    /** Chunks of the encoder's output we replace with ours. */
    private static final Set<String> REPLACED = Set.of("iCCP", "sRGB", "gAMA", "cHRM", "pHYs", "eXIf", "iTXt",
            "tEXt", "zTXt");

    private PngMetadata() {
    }

    /** The blocks of the chunks before IEND; a damaged chunk is left out, a damaged length ends the walk. */
    static RawMetadata read(ImageInputStream in, Path file) throws IOException {
        Map<String, byte[]> found = new HashMap<>();
        Resolution res = null;
        long length = in.length();
        for (long pos = 8; pos + 12 <= length; ) {
            in.seek(pos);
            long len = in.readUnsignedInt();
            String type = fourCC(in);
            if (type.equals("IEND") || len > length - pos - 12) {
                break;
            }
            if (READ.contains(type) && len <= MAX_BLOCK) {
                byte[] d = new byte[(int) len];
                in.readFully(d);
                try {
                    if (type.equals("pHYs")) {
                        res = res != null || d.length < 9 || d[8] != 1 ? res : Resolution.of(
                                u32(d, 0) * 0.0254, u32(d, 4) * 0.0254, 2);
                    } else {
                        chunk(type, d, found);
                    }
                } catch (IOException | RuntimeException e) {
                    MetadataReader.leftOut(file, type + " chunk", e);
                }
            }
            pos += 12 + len;
        }
        return new RawMetadata(found.get("icc"), found.get("exif"), found.get("xmp"), found.get("iptc"), res);
    }

    private static void chunk(String type, byte[] d, Map<String, byte[]> found) throws IOException {
        if (type.equals("eXIf")) {
            found.putIfAbsent("exif", stripExifHeader(d));
            return;
        }
        int k = nul(d, 0);
        String key = new String(d, 0, k, StandardCharsets.ISO_8859_1);
        switch (type) {
            case "iCCP" -> found.putIfAbsent("icc", inflate(d, k + 2));
            case "iTXt" -> {
                if (key.equals(XMP_KEY)) {
                    int text = nul(d, nul(d, k + 3) + 1) + 1; // after the language tag and the translated keyword
                    found.putIfAbsent("xmp", d[k + 1] != 0 ? inflate(d, text) : Arrays.copyOfRange(d, text, d.length));
                }
            }
            default -> {
                if (key.startsWith(RAW_PROFILE)) {
                    byte[] raw = rawProfile(type.equals("zTXt") ? inflate(d, k + 2) : Arrays.copyOfRange(d, k + 1, d.length));
                    switch (key.substring(RAW_PROFILE.length())) {
                        case "iptc" -> found.putIfAbsent("iptc", raw.length > 4 && u32(raw, 0) == 0x3842494DL
                                ? JpegMetadata.iptc(raw) : raw);
                        case "exif", "APP1" -> found.putIfAbsent("exif", stripExifHeader(raw));
                        case "xmp" -> found.putIfAbsent("xmp", raw);
                        case "icc", "icm" -> found.putIfAbsent("icc", raw);
                        default -> { }
                    }
                }
            }
        }
    }

    private static String fourCC(ImageInputStream in) throws IOException {
        byte[] t = new byte[4];
        in.readFully(t);
        return new String(t, StandardCharsets.ISO_8859_1);
    }

    private static long u32(byte[] b, int p) {
        return ByteBuffer.wrap(b).getInt(p) & 0xFFFFFFFFL;
    }

    private static byte[] stripExifHeader(byte[] raw) {
        boolean header = raw.length >= 6 && new String(raw, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0");
        return header ? Arrays.copyOfRange(raw, 6, raw.length) : raw;
    }

    /** ImageMagick's "\ntype\n   length\nhex…" text. */
    private static byte[] rawProfile(byte[] text) throws IOException {
        String[] parts = new String(text, StandardCharsets.ISO_8859_1).trim().split("\\s+", 3);
        int n = parts.length < 3 ? -1 : Integer.parseInt(parts[1]);
        String hex = parts.length < 3 ? "" : parts[2].replaceAll("\\s+", "");
        if (n < 0 || n * 2L > hex.length()) {
            throw new EOFException("raw profile shorter than its stated " + n + " bytes");
        }
        return HexFormat.of().parseHex(hex, 0, n * 2);
    }

    private static int nul(byte[] d, int from) {
        for (int i = from; i < d.length; i++) {
            if (d[i] == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated text in a PNG chunk");
    }

    private static byte[] inflate(byte[] d, int off) throws IOException {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(d, off, d.length - off))) {
            byte[] out = in.readNBytes(MAX_BLOCK + 1);
            if (out.length > MAX_BLOCK) {
                throw new IOException("compressed metadata expands beyond " + MAX_BLOCK + " bytes");
            }
            return out;
        }
    }

    /** Copies the PNG {@code encoded} to {@code out} with our metadata chunks after IHDR. */
    static void write(Path encoded, OutputStream out, RawMetadata m) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(encoded), 1 << 16))) {
            if (!Arrays.equals(in.readNBytes(8), SIGNATURE)) {
                throw new IOException("the PNG encoder wrote no PNG signature");
            }
            out.write(SIGNATURE);
            byte[] head = new byte[8];
            byte[] buf = new byte[1 << 16];
            for (boolean ihdr = true; in.readNBytes(head, 0, 8) == 8; ihdr = false) {
                long n = (ByteBuffer.wrap(head).getInt() & 0xFFFFFFFFL) + 4;
                if (REPLACED.contains(new String(head, 4, 4, StandardCharsets.ISO_8859_1))) {
                    in.skipNBytes(n);
                } else {
                    out.write(head);
                    for (int step; n > 0; n -= step) {
                        step = (int) Math.min(buf.length, n);
                        in.readFully(buf, 0, step);
                        out.write(buf, 0, step);
                    }
                }
                if (ihdr) {
                    writeChunks(out, m);
                }
            }
        }
    }

    private static void writeChunks(OutputStream out, RawMetadata m) throws IOException {
        if (m.icc() != null) {
            chunk(out, "iCCP", JpegMetadata.ascii("ICC profile\0\0"), deflate(m.icc()));
        }
        Resolution r = m.resolution();
        if (r != null) {
            long x = Math.min(0x7FFFFFFFL, Math.round(r.xPpi() / 0.0254));
            long y = Math.min(0x7FFFFFFFL, Math.round(r.yPpi() / 0.0254));
            chunk(out, "pHYs", ByteBuffer.allocate(9).putInt((int) x).putInt((int) y).put((byte) 1).array());
        }
        if (m.exif() != null) {
            chunk(out, "eXIf", m.exif());
        }
        if (m.xmp() != null) {
            chunk(out, "iTXt", JpegMetadata.ascii(XMP_KEY + "\0\0\0\0\0"), m.xmp());
        }
        if (m.iptc() != null) {
            String hex = HexFormat.of().formatHex(m.iptc()).replaceAll("(.{72})", "$1\n");
            String text = "\niptc\n" + String.format("%8d", m.iptc().length) + "\n" + hex + "\n";
            chunk(out, "zTXt", JpegMetadata.ascii(RAW_PROFILE + "iptc\0\0"), deflate(JpegMetadata.ascii(text)));
        }
    }

    private static void chunk(OutputStream out, String type, byte[]... parts) throws IOException {
        byte[] t = JpegMetadata.ascii(type);
        CRC32 crc = new CRC32();
        crc.update(t);
        int n = 0;
        for (byte[] p : parts) {
            crc.update(p);
            n += p.length;
        }
        out.write(ByteBuffer.allocate(4).putInt(n).array());
        out.write(t);
        for (byte[] p : parts) {
            out.write(p);
        }
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] d) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater def = new Deflater(Deflater.BEST_COMPRESSION);
        try (OutputStream out = new DeflaterOutputStream(bytes, def)) {
            out.write(d);
        } finally {
            def.end();
        }
        return bytes.toByteArray();
    }
}
