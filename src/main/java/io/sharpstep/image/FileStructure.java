package io.sharpstep.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a file's container says about it, read from the few bytes that tell: whether its end is missing (a
 * chunk, the RIFF length or the first directory pointing past the end of the file), and how many frames an
 * animated PNG declares. Decoders do not always say so: a lossless WebP cut short decodes without complaint,
 * and the JPEG decoder only warns.
 */
final class FileStructure {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private FileStructure() {
    }

    /**
     * Whether the file's own structure shows that its end is missing. Only certain signs count: a file this
     * says nothing about (an unknown format, or no sign) gives false.
     */
    static boolean truncated(Path file) {
        try (Bytes in = new Bytes(file)) {
            long n = in.length();
            if (n < 12) {
                return n > 0 && n < 8;
            }
            byte[] head = in.read(0, 12);
            if (Bytes.startsWith(head, 0, "RIFF") && Bytes.startsWith(head, 8, "WEBP")) {
                // A writer may leave out the final pad byte of an odd-sized chunk.
                return Bytes.u32le(head, 4) + 8 > n + 1;
            }
            if (startsWith(head, PNG)) {
                return pngTruncated(in);
            }
            if ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8) {
                return jpegTruncated(in);
            }
            if (Bytes.startsWith(head, 0, "GIF8")) {
                return in.read(n - 1, 1)[0] != 0x3B;
            }
            if (Bytes.startsWith(head, 0, "BM")) {
                long declared = Bytes.u32le(head, 2);
                return declared > n && declared < (1L << 31);
            }
            if (Bytes.startsWith(head, 0, "II*\0") || Bytes.startsWith(head, 0, "MM\0*")) {
                boolean le = head[0] == 'I';
                long ifd = le ? Bytes.u32le(head, 4) : Bytes.u32be(head, 4);
                return ifd >= n;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Walks PNG chunks to IEND: a chunk that runs past the end of the file, or no IEND, means truncated. */
    private static boolean pngTruncated(Bytes in) throws IOException {
        long pos = 8;
        long n = in.length();
        while (pos + 8 <= n) {
            byte[] h = in.read(pos, 8);
            long len = Bytes.u32be(h, 0);
            if (len > Integer.MAX_VALUE) {
                return false; // damaged, not cut short
            }
            if (Bytes.startsWith(h, 4, "IEND")) {
                return false;
            }
            pos += 12 + len;
        }
        return true;
    }

    /**
     * Walks JPEG segments and entropy-coded data from SOI: a segment that runs past the end of the file, or no
     * EOI before it ends, means truncated. Bytes after EOI (some cameras append data) do not matter.
     */
    private static boolean jpegTruncated(Bytes in) throws IOException {
        long n = in.length();
        long pos = 2;
        while (pos + 2 <= n) {
            byte[] m = in.read(pos, 2);
            if ((m[0] & 0xFF) != 0xFF) {
                return false; // not where a marker should be: damaged, not cut short
            }
            int marker = m[1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0xD9) {
                return false;
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                pos += 2;
                continue;
            }
            if (pos + 4 > n) {
                return true;
            }
            long len = Bytes.u16be(in.read(pos + 2, 2), 0);
            if (pos + 2 + len > n) {
                return true;
            }
            pos += 2 + len;
            if (marker == 0xDA) {
                pos = afterEntropyData(in, pos);
                if (pos < 0) {
                    return true;
                }
            }
        }
        return true;
    }

    /** The position of the marker that ends entropy-coded data starting at {@code pos}, or −1 at end of file. */
    private static long afterEntropyData(Bytes in, long pos) throws IOException {
        long n = in.length();
        int piece = 1 << 16;
        boolean ff = false;
        for (long p = pos; p < n; p += piece) {
            byte[] b = in.read(p, Math.min(piece, n - p));
            for (int i = 0; i < b.length; i++) {
                int v = b[i] & 0xFF;
                if (ff && v != 0 && v != 0xFF && !(v >= 0xD0 && v <= 0xD7)) {
                    return p + i - 1;
                }
                ff = v == 0xFF;
            }
        }
        return -1;
    }

    /** The frame count an animated PNG (APNG) declares before its image data, or 1 for a plain PNG. */
    static long pngFrames(Path file) {
        try (Bytes in = new Bytes(file)) {
            long n = in.length();
            long pos = 8;
            while (pos + 8 <= n) {
                byte[] h = in.read(pos, 8);
                long len = Bytes.u32be(h, 0);
                String type = new String(h, 4, 4, StandardCharsets.ISO_8859_1);
                if (type.equals("IDAT") || type.equals("IEND") || len > Integer.MAX_VALUE) {
                    return 1;
                }
                if (type.equals("acTL") && len >= 8) {
                    return Bytes.u32be(in.read(pos + 8, 4), 0);
                }
                pos += 12 + len;
            }
            return 1;
        } catch (IOException | RuntimeException e) {
            return 1;
        }
    }

    /** What a decoder warning means for the pixels. */
    enum Loss {
        /** Nothing lost (e.g. stray bytes between JPEG segments, an odd profile). */
        NONE,
        /** The data ended early: the rest of the picture is missing (grey or smeared). */
        TRUNCATED,
        /** Some of the picture could not be decoded. */
        DAMAGED
    }

    /** Classifies a decoder warning (libjpeg's texts, TwelveMonkeys', any reader's). */
    static Loss loss(String warning) {
        String w = String.valueOf(warning).toLowerCase(Locale.ROOT);
        if (w.contains("premature end") || w.contains("truncat") || w.contains("missing eoi")
                || w.contains("end of file") || w.contains("unexpected eof")) {
            return Loss.TRUNCATED;
        }
        if (w.contains("extraneous bytes")) {
            return Loss.NONE; // common in camera files: padding before a marker, no pixel lost
        }
        if (w.contains("corrupt") || w.contains("huffman") || w.contains("resync") || w.contains("progression")
                || w.contains("damaged")) {
            return Loss.DAMAGED;
        }
        return Loss.NONE;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Bounded random reads from a file: container lengths are never trusted. */
    private static final class Bytes implements AutoCloseable {
        private static final int MAX_BLOCK = 1 << 20;
        private final RandomAccessFile file;
        private final long length;

        Bytes(Path path) throws IOException {
            this.file = new RandomAccessFile(path.toFile(), "r");
            this.length = file.length();
        }

        long length() {
            return length;
        }

        /** {@code n} bytes at {@code pos}; EOFException if they are not all there or too many are asked for. */
        byte[] read(long pos, long n) throws IOException {
            if (pos < 0 || n < 0 || n > MAX_BLOCK || pos + n > length) {
                throw new EOFException("block of " + n + " bytes at " + pos + " outside a file of " + length);
            }
            byte[] out = new byte[(int) n];
            file.seek(pos);
            file.readFully(out);
            return out;
        }

        static int u16be(byte[] b, int p) {
            return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
        }

        static long u32be(byte[] b, int p) {
            return (long) u16be(b, p) << 16 | u16be(b, p + 2);
        }

        static long u32le(byte[] b, int p) {
            return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
        }

        static boolean startsWith(byte[] b, int off, String ascii) {
            if (b.length - off < ascii.length()) {
                return false;
            }
            for (int i = 0; i < ascii.length(); i++) {
                if (b[off + i] != (byte) ascii.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
