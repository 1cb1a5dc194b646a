package io.sharpstep.image;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.psd.PSD;
import com.twelvemonkeys.imageio.metadata.psd.PSDReader;
import com.twelvemonkeys.imageio.metadata.xmp.XMP;
import com.twelvemonkeys.imageio.stream.BufferedFileImageInputStream;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.stream.ImageInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metadata in JPEG APPn segments: JFIF density (APP0), EXIF and XMP (APP1), ICC (APP2), IPTC (APP13). Segments
 * are found with TwelveMonkeys' JPEGSegmentUtil and IPTC is taken out of its Photoshop resources with PSDReader;
 * writing segments is done here, as the library has no JPEG segment writer.
 */
final class JpegMetadata {
    private static final String EXIF = "Exif";
    private static final String ICC = "ICC_PROFILE";
    private static final String PHOTOSHOP = "Photoshop 3.0";
    /** Lists that may be asked whether they contain null: JPEGSegmentUtil does so for segments without a name. */
    private static final Map<Integer, List<String>> WANTED = Map.of(JPEG.APP0, Arrays.asList("JFIF"),
            JPEG.APP1, Arrays.asList(EXIF, XMP.NS_XAP), JPEG.APP2, Arrays.asList(ICC),
            JPEG.APP13, Arrays.asList(PHOTOSHOP));
    private static final int MAX_PAYLOAD = 65533;
    /** Bytes of profile per APP2 segment: the payload less "ICC_PROFILE\0" and the two chunk numbers. */
    private static final int ICC_CHUNK = MAX_PAYLOAD - ICC.length() - 3;

    private JpegMetadata() {
    }

    /** The blocks before the first scan; a damaged segment ends the search, keeping what was found. */
    static RawMetadata read(ImageInputStream in, Path file) throws IOException {
        byte[] exif = null;
        byte[] xmp = null;
        byte[] iptc = null;
        Resolution res = null;
        TreeMap<Integer, byte[]> icc = new TreeMap<>();
        for (JPEGSegment s : JPEGSegmentUtil.readSegments(in, WANTED)) {
            byte[] d = s.data().readAllBytes();
            String id = s.identifier();
            if (id.equals("JFIF") && d.length >= 7) {
                ByteBuffer b = ByteBuffer.wrap(d);
                int units = b.get(2);
                res = units == 1 || units == 2 ? Resolution.of(b.getShort(3) & 0xFFFF, b.getShort(5) & 0xFFFF,
                        units + 1) : null;
            } else if (id.equals(EXIF) && exif == null && d.length > 0) {
                exif = Arrays.copyOfRange(d, d[0] == 0 ? 1 : 0, d.length); // "Exif\0" is padded with a second NUL
            } else if (id.equals(XMP.NS_XAP) && xmp == null) {
                xmp = d;
            } else if (id.equals(ICC) && d.length > 2) {
                icc.putIfAbsent(d[0] & 0xFF, Arrays.copyOfRange(d, 2, d.length));
            } else if (id.equals(PHOTOSHOP) && iptc == null) {
                try {
                    iptc = iptc(d);
                } catch (IOException | RuntimeException e) {
                    MetadataReader.leftOut(file, "IPTC", e);
                }
            }
        }
        ByteArrayOutputStream profile = new ByteArrayOutputStream();
        icc.values().forEach(profile::writeBytes);
        return new RawMetadata(icc.isEmpty() ? null : profile.toByteArray(), exif, xmp, iptc, res);
    }

    /** The IPTC records in Photoshop image resources ("8BIM" blocks), or null. */
    static byte[] iptc(byte[] resources) throws IOException {
        Directory psd = new PSDReader().read(new ByteArrayImageInputStream(resources, 0, wholeResources(resources)));
        Entry e = psd.getEntryById(PSD.RES_IPTC_NAA);
        return e != null && e.getValue() instanceof byte[] b ? b : null;
    }

    /**
     * The length of the run of complete "8BIM" resources at the start of {@code b}. PSDReader (3.12.0) allocates
     * the size a resource states before reading it and fails on bytes after the last one, so it only gets these.
     */
    private static int wholeResources(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        int end = 0;
        while (end + 12 <= b.length && in.getInt(end) == 0x3842494D) {
            int size = end + 6 + ((b[end + 6] & 0xFF) + 2 & ~1); // after "8BIM", the id and the padded name
            long next = size + 4L + (size + 4 <= b.length ? in.getInt(size) & 0xFFFFFFFFL : b.length);
            if (next > b.length) {
                break;
            }
            end = (int) Math.min(b.length, next + (next & 1));
        }
        return end;
    }

    /**
     * Copies the JPEG {@code encoded} to {@code out}, replacing the encoder's APPn segments with ours. Blocks that
     * do not fit a segment (EXIF over 64 KB, extended XMP) are left out rather than written broken.
     */
    static void write(Path encoded, OutputStream out, RawMetadata m) throws IOException {
        long pixels = afterAppSegments(encoded);
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD8});
        segment(out, JPEG.APP0, jfif(m.resolution()));
        if (m.exif() != null && m.exif().length + 6 <= MAX_PAYLOAD) {
            segment(out, JPEG.APP1, ascii(EXIF + "\0\0"), m.exif());
        }
        if (m.xmp() != null && m.xmp().length + XMP.NS_XAP.length() + 1 <= MAX_PAYLOAD) {
            segment(out, JPEG.APP1, ascii(XMP.NS_XAP + "\0"), m.xmp());
        }
        if (m.icc() != null) {
            int n = (m.icc().length + ICC_CHUNK - 1) / ICC_CHUNK;
            for (int i = 0; i < n && n <= 255; i++) {
                byte[] part = Arrays.copyOfRange(m.icc(), i * ICC_CHUNK, Math.min(m.icc().length, (i + 1) * ICC_CHUNK));
                segment(out, JPEG.APP2, ascii(ICC + "\0"), new byte[] {(byte) (i + 1), (byte) n}, part);
            }
        }
        if (m.iptc() != null && PHOTOSHOP.length() + 13 + m.iptc().length + (m.iptc().length & 1) <= MAX_PAYLOAD) {
            // One resource block with an empty name; the library reads these but has no writer.
            int n = m.iptc().length;
            ByteBuffer head = ByteBuffer.allocate(12).putInt(0x3842494D).putShort((short) PSD.RES_IPTC_NAA)
                    .putShort((short) 0).putInt(n);
            segment(out, JPEG.APP13, ascii(PHOTOSHOP + "\0"), head.array(), m.iptc(), new byte[n & 1]);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(encoded), 1 << 16)) {
            in.skipNBytes(pixels);
            in.transferTo(out);
        }
    }

    /** Where the encoder's first segment after its leading APPn segments starts. */
    private static long afterAppSegments(Path encoded) throws IOException {
        try (ImageInputStream in = new BufferedFileImageInputStream(encoded.toFile())) {
            long pos = 2;
            for (JPEGSegment s : JPEGSegmentUtil.readSegments(in, JPEGSegmentUtil.ALL_SEGMENTS)) {
                if (s.marker() < JPEG.APP0 || s.marker() > JPEG.APP15) {
                    return pos;
                }
                pos += 2 + s.segmentLength();
            }
        }
        throw new IOException("the JPEG encoder wrote no image data");
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
        return ByteBuffer.allocate(14).put(ascii("JFIF\0")).put((byte) 1).put((byte) 2).put((byte) units)
                .putShort((short) x).putShort((short) y).array();
    }

    private static void segment(OutputStream out, int marker, byte[]... parts) throws IOException {
        int len = 2;
        for (byte[] p : parts) {
            len += p.length;
        }
        out.write(new byte[] {(byte) (marker >> 8), (byte) marker, (byte) (len >> 8), (byte) len});
        for (byte[] p : parts) {
            out.write(p);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
