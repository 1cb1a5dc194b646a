package io.sharpstep.weights;

import io.sharpstep.core.SharpStepException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The central directory of a zip file such as torch.save writes (entries stored, not compressed; ZIP64 for
 * large files), read without trusting it: entry names must be relative and free of {@code ..}, every entry's
 * data must lie inside the file, sizes must agree, names must be unique. Entries are read through memory maps.
 */
final class ZipDirectory implements AutoCloseable {
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final int MAX_ENTRIES = 100_000;

    /** One stored entry: where its bytes are. */
    record Entry(String name, long dataStart, long size) {
    }

    private final Path path;
    private final FileChannel channel;
    private final Map<String, Entry> entries;

    private ZipDirectory(Path path, FileChannel channel, Map<String, Entry> entries) {
        this.path = path;
        this.channel = channel;
        this.entries = entries;
    }

    static ZipDirectory open(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        int tail = (int) Math.min(size, 65_557);
        ByteBuffer end = read(ch, size - tail, tail);
        int at = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (end.getInt(i) == EOCD) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            throw bad(path, "it is not a zip archive (no end of central directory)");
        }
        long count = end.getShort(at + 10) & 0xFFFF;
        long cdSize = end.getInt(at + 12) & 0xFFFFFFFFL;
        long cdOffset = end.getInt(at + 16) & 0xFFFFFFFFL;
        long eocdPos = size - tail + at;
        if (eocdPos >= 20 && (count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL)) {
            ByteBuffer loc = read(ch, eocdPos - 20, 20);
            if (loc.getInt(0) == ZIP64_LOCATOR) {
                long z = loc.getLong(8);
                if (z < 0 || z > size - 56) {
                    throw bad(path, "its ZIP64 directory lies outside the file");
                }
                ByteBuffer z64 = read(ch, z, 56);
                if (z64.getInt(0) != ZIP64_EOCD) {
                    throw bad(path, "its ZIP64 directory is damaged");
                }
                count = z64.getLong(32);
                cdSize = z64.getLong(40);
                cdOffset = z64.getLong(48);
            }
        }
        if (count < 0 || count > MAX_ENTRIES || cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > size
                || cdSize > 64L << 20) {
            throw bad(path, "its directory (" + count + " entries at " + cdOffset + ") does not fit the file");
        }
        ByteBuffer cd = read(ch, cdOffset, (int) cdSize);
        Map<String, Entry> entries = new LinkedHashMap<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cd.limit() || cd.getInt(p) != CENTRAL) {
                throw bad(path, "its directory is truncated");
            }
            int method = cd.getShort(p + 10) & 0xFFFF;
            long csize = cd.getInt(p + 20) & 0xFFFFFFFFL;
            long usize = cd.getInt(p + 24) & 0xFFFFFFFFL;
            int nameLen = cd.getShort(p + 28) & 0xFFFF;
            int extraLen = cd.getShort(p + 30) & 0xFFFF;
            int commentLen = cd.getShort(p + 32) & 0xFFFF;
            long local = cd.getInt(p + 42) & 0xFFFFFFFFL;
            if (p + 46 + nameLen + extraLen + commentLen > cd.limit()) {
                throw bad(path, "its directory is truncated");
            }
            byte[] nameBytes = new byte[nameLen];
            cd.get(p + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            // ZIP64 extra field: the values that are 0xFFFFFFFF in the header, in order.
            for (int x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; ) {
                int id = cd.getShort(x) & 0xFFFF;
                int len = cd.getShort(x + 2) & 0xFFFF;
                int v = x + 4;
                if (id == 1) {
                    if (usize == 0xFFFFFFFFL && v + 8 <= x + 4 + len) {
                        usize = cd.getLong(v);
                        v += 8;
                    }
                    if (csize == 0xFFFFFFFFL && v + 8 <= x + 4 + len) {
                        csize = cd.getLong(v);
                        v += 8;
                    }
                    if (local == 0xFFFFFFFFL && v + 8 <= x + 4 + len) {
                        local = cd.getLong(v);
                    }
                }
                x += 4 + len;
            }
            checkName(path, name);
            if (method != 0 || csize != usize) {
                throw bad(path, name + " is compressed (torch writes stored entries)");
            }
            if (local < 0 || local > size - 30) {
                throw bad(path, name + " lies outside the file");
            }
            ByteBuffer lh = read(ch, local, 30);
            if (lh.getInt(0) != LOCAL) {
                throw bad(path, name + " has no local header where the directory says");
            }
            long start = local + 30 + (lh.getShort(26) & 0xFFFF) + (lh.getShort(28) & 0xFFFF);
            if (usize < 0 || start + usize > size || start + usize < start) {
                throw bad(path, name + " claims " + usize + " bytes, more than the file holds");
            }
            if (entries.put(name, new Entry(name, start, usize)) != null) {
                throw bad(path, "it has two entries named " + name);
            }
            p += 46 + nameLen + extraLen + commentLen;
        }
        return new ZipDirectory(path, ch, Collections.unmodifiableMap(entries));
    }

    private static void checkName(Path path, String name) {
        boolean dotDot = false;
        for (String part : name.split("[/\\\\]", -1)) {
            dotDot |= part.equals("..");
        }
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains("\0") || dotDot
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw bad(path, "it has an entry with the unsafe name '" + name.replace("\0", "\\0") + "'");
        }
    }

    static SharpStepException bad(Path path, String why) {
        return new SharpStepException(SharpStepException.Kind.INPUT, path.getFileName()
                + " is not a valid PyTorch checkpoint: " + why + ".");
    }

    private static ByteBuffer read(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return b.flip();
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /** The bytes of an entry, memory-mapped (at most 2 GB). */
    ByteBuffer map(Entry e) throws IOException {
        if (e.size() > Integer.MAX_VALUE) {
            throw bad(path, e.name() + " is larger than 2 GB");
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, e.dataStart(), e.size()).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
