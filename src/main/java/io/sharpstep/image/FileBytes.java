package io.sharpstep.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/** Bounded random reads from a file, for walking container structures without trusting their lengths. */
final class FileBytes implements AutoCloseable {
    /** No metadata block SharpStep keeps is larger than this; bigger claims are damage. */
    static final int MAX_BLOCK = 32 << 20;

    private final RandomAccessFile file;
    private final long length;

    FileBytes(Path path) throws IOException {
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
