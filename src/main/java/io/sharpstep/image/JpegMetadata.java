package io.sharpstep.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;

/** Metadata in JPEG APPn segments: JFIF density (APP0), EXIF and XMP (APP1), ICC (APP2), IPTC (APP13). */
final class JpegMetadata {
    private static final String EXIF = "Exif\0\0";
    private static final String XMP = "http://ns.adobe.com/xap/1.0/\0";
    private static final String ICC = "ICC_PROFILE\0";
    private static final String PHOTOSHOP = "Photoshop 3.0\0";
    private static final int MAX_PAYLOAD = 65533;
    private static final int ICC_CHUNK = MAX_PAYLOAD - ICC.length() - 2;

    private JpegMetadata() {
    }

    /** The blocks before the first scan; damaged segments end the walk, keeping what was found. */
    static RawMetadata read(FileBytes in) throws IOException {
        byte[] exif = null;
        byte[] xmp = null;
        byte[] iptc = null;
        Resolution res = null;
        TreeMap<Integer, byte[]> icc = new TreeMap<>();
        long pos = 2;
        while (pos + 4 <= in.length()) {
            byte[] h = in.read(pos, 4);
            if ((h[0] & 0xFF) != 0xFF) {
                break;
            }
            int marker = h[1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2;
                continue;
            }
            int len = FileBytes.u16be(h, 2);
            if (len < 2) {
                break;
            }
            if (marker == 0xE0 || marker == 0xE1 || marker == 0xE2 || marker == 0xED) {
                byte[] p = in.read(pos + 4, len - 2);
                if (marker == 0xE0 && FileBytes.startsWith(p, 0, "JFIF\0") && p.length >= 12) {
                    res = jfifResolution(p[7], FileBytes.u16be(p, 8), FileBytes.u16be(p, 10));
                } else if (marker == 0xE1 && exif == null && FileBytes.startsWith(p, 0, EXIF)) {
                    exif = Arrays.copyOfRange(p, EXIF.length(), p.length);
                } else if (marker == 0xE1 && xmp == null && FileBytes.startsWith(p, 0, XMP)) {
                    xmp = Arrays.copyOfRange(p, XMP.length(), p.length);
                } else if (marker == 0xE2 && FileBytes.startsWith(p, 0, ICC) && p.length > ICC.length() + 2) {
                    icc.putIfAbsent(p[ICC.length()] & 0xFF, Arrays.copyOfRange(p, ICC.length() + 2, p.length));
                } else if (marker == 0xED && iptc == null && FileBytes.startsWith(p, 0, PHOTOSHOP)) {
                    iptc = PhotoshopResources.find(p, PHOTOSHOP.length(), PhotoshopResources.IPTC);
                }
            }
            pos += 2 + len;
        }
        return new RawMetadata(join(icc), exif, xmp, iptc, res);
    }

    private static Resolution jfifResolution(int units, int x, int y) {
        return units == 1 ? Resolution.of(x, y, 2) : units == 2 ? Resolution.of(x, y, 3) : null;
    }

    private static byte[] join(TreeMap<Integer, byte[]> chunks) {
        if (chunks.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.values().forEach(out::writeBytes);
        return out.toByteArray();
    }

    /**
     * Copies the JPEG {@code encoded} to {@code out}, replacing the encoder's APPn segments with ours. Blocks that
     * do not fit a segment (EXIF over 64 KB, extended XMP) are left out rather than written broken.
     */
    static void write(FileBytes encoded, OutputStream out, RawMetadata m) throws IOException {
        byte[] soi = encoded.read(0, 2);
        if ((soi[0] & 0xFF) != 0xFF || (soi[1] & 0xFF) != 0xD8) {
            throw new IOException("the JPEG encoder wrote no start-of-image marker");
        }
        long pos = 2;
        while (pos + 4 <= encoded.length()) {
            byte[] h = encoded.read(pos, 4);
            int marker = h[1] & 0xFF;
            if ((h[0] & 0xFF) != 0xFF || marker < 0xE0 || marker > 0xEF) {
                break;
            }
            pos += 2 + FileBytes.u16be(h, 2);
        }
        out.write(soi);
        segment(out, 0xE0, jfif(m.resolution()));
        if (m.exif() != null && m.exif().length + EXIF.length() <= MAX_PAYLOAD) {
            segment(out, 0xE1, concat(ascii(EXIF), m.exif()));
        }
        if (m.xmp() != null && m.xmp().length + XMP.length() <= MAX_PAYLOAD) {
            segment(out, 0xE1, concat(ascii(XMP), m.xmp()));
        }
        if (m.icc() != null) {
            int n = (m.icc().length + ICC_CHUNK - 1) / ICC_CHUNK;
            for (int i = 0; i < n && n <= 255; i++) {
                byte[] part = Arrays.copyOfRange(m.icc(), i * ICC_CHUNK, Math.min(m.icc().length, (i + 1) * ICC_CHUNK));
                segment(out, 0xE2, concat(ascii(ICC), new byte[] {(byte) (i + 1), (byte) n}, part));
            }
        }
        if (m.iptc() != null) {
            byte[] irb = PhotoshopResources.resource(PhotoshopResources.IPTC, m.iptc());
            if (irb.length + PHOTOSHOP.length() <= MAX_PAYLOAD) {
                segment(out, 0xED, concat(ascii(PHOTOSHOP), irb));
            }
        }
        Streams.copy(encoded, pos, encoded.length() - pos, out);
    }

    private static byte[] jfif(Resolution r) {
        int units = 0;
        long x = 1;
        long y = 1;
        if (r != null) {
            boolean inch = Math.max(r.xPpi(), r.yPpi()) < 65535.5;
            units = inch ? 1 : 2;
            double f = inch ? 1 : 1 / 2.54;
            x = Math.max(1, Math.min(65535, Math.round(r.xPpi() * f)));
            y = Math.max(1, Math.min(65535, Math.round(r.yPpi() * f)));
        }
        return concat(ascii("JFIF\0"), new byte[] {1, 2, (byte) units, (byte) (x >> 8), (byte) x, (byte) (y >> 8),
                (byte) y, 0, 0});
    }

    private static void segment(OutputStream out, int marker, byte[] payload) throws IOException {
        int len = payload.length + 2;
        out.write(new byte[] {(byte) 0xFF, (byte) marker, (byte) (len >> 8), (byte) len});
        out.write(payload);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
