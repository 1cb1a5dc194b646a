package io.sharpstep.weights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.TensorShape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code .safetensors} file, checked when opened and read tensor by tensor through memory maps: never whole
 * in the heap. Checked: the header length (at most {@value #MAX_HEADER} bytes and inside the file), the header
 * JSON, each entry's dtype, shape and offsets (inside the data area, byte count = elements × element size), and
 * that no two tensors overlap. Any failure is one sentence of kind INPUT.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The largest header accepted (the reference implementation's limit). */
    public static final long MAX_HEADER = 100L << 20;

    /** Where one tensor's bytes are. */
    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, Entry> entries,
                            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens and checks {@code path}. */
    public static SafetensorsFile open(Path path) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
            long size = ch.size();
            if (size < 8) {
                throw bad(path, "it is " + size + " bytes long, shorter than its 8-byte header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long n = len.getLong(0);
            if (n < 2 || n > MAX_HEADER || n > size - 8) {
                throw bad(path, "its header claims " + Long.toUnsignedString(n) + " bytes, but the file has "
                        + (size - 8) + " after the length and at most " + MAX_HEADER + " are allowed");
            }
            ByteBuffer header = ByteBuffer.allocate((int) n);
            readFully(ch, header, 8);
            JsonObject json;
            try {
                json = JsonParser.parseString(new String(header.array(), StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (RuntimeException e) {
                throw bad(path, "its header is not a JSON object");
            }
            long dataLength = size - 8 - n;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : json.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    if (!e.getValue().isJsonObject()) {
                        throw bad(path, "its __metadata__ is not an object");
                    }
                    for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
                        metadata.put(m.getKey(), m.getValue().isJsonPrimitive() ? m.getValue().getAsString()
                                : m.getValue().toString());
                    }
                    continue;
                }
                entries.put(e.getKey(), entry(path, e.getKey(), e.getValue(), dataLength));
            }
            checkNoOverlap(path, entries.values());
            return new SafetensorsFile(path, ch, 8 + n, Collections.unmodifiableMap(entries),
                    Collections.unmodifiableMap(metadata));
        } catch (IOException e) {
            close(ch);
            throw new SharpStepException(SharpStepException.Kind.INPUT, "Cannot read " + path.getFileName() + ".", e);
        } catch (RuntimeException e) {
            close(ch);
            throw e;
        }
    }

    private static Entry entry(Path path, String name, JsonElement value, long dataLength) {
        if (!value.isJsonObject()) {
            throw bad(path, "the entry of " + name + " is not an object");
        }
        JsonObject o = value.getAsJsonObject();
        DType dtype = o.has("dtype") && o.get("dtype").isJsonPrimitive()
                ? DType.ofSafetensors(o.get("dtype").getAsString()) : null;
        if (dtype == null) {
            throw bad(path, name + " has the unknown dtype " + o.get("dtype"));
        }
        long[] shape = longs(path, name, o.get("shape"), "shape");
        long[] offsets = longs(path, name, o.get("data_offsets"), "data_offsets");
        if (offsets.length != 2 || offsets[0] > offsets[1] || offsets[1] > dataLength) {
            throw bad(path, name + " lies outside the file (offsets " + TensorShape.format(offsets) + ", "
                    + dataLength + " data bytes)");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(StoredTensor.elements(shape), dtype.size());
        } catch (ArithmeticException e) {
            throw bad(path, name + " has an impossible shape " + TensorShape.format(shape));
        }
        if (bytes != offsets[1] - offsets[0]) {
            throw bad(path, name + " (" + dtype + " " + TensorShape.format(shape) + ") needs " + bytes
                    + " bytes but has " + (offsets[1] - offsets[0]));
        }
        if (bytes > Integer.MAX_VALUE) {
            throw bad(path, name + " is larger than 2 GB");
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] longs(Path path, String name, JsonElement e, String field) {
        if (e == null || !e.isJsonArray()) {
            throw bad(path, name + " has no " + field + " list");
        }
        long[] out = new long[e.getAsJsonArray().size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement v = e.getAsJsonArray().get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                throw bad(path, name + " has a " + field + " that is not a list of numbers");
            }
            double d = v.getAsDouble();
            if (d < 0 || d != Math.rint(d) || d > 9.0e15) {
                throw bad(path, name + " has a " + field + " that is not a list of sizes");
            }
            out[i] = v.getAsLong();
        }
        return out;
    }

    private static void checkNoOverlap(Path path, java.util.Collection<Entry> all) {
        List<Entry> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry a = sorted.get(i - 1);
            Entry b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw bad(path, a.name() + " and " + b.name() + " overlap");
            }
        }
    }

    private static SharpStepException bad(Path path, String why) {
        return new SharpStepException(SharpStepException.Kind.INPUT, path.getFileName()
                + " is not a valid safetensors file: " + why + ".");
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
        buf.flip();
    }

    private static void close(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    public Path path() {
        return path;
    }

    /** Tensor names in file order. */
    public Set<String> names() {
        return entries.keySet();
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Shape of a tensor without reading it. */
    public long[] shape(String name) {
        return entry(name).shape().clone();
    }

    public DType dtype(String name) {
        return entry(name).dtype();
    }

    /** The tensor, memory-mapped. */
    public StoredTensor tensor(String name) {
        Entry e = entry(name);
        try {
            ByteBuffer data = e.end() == e.begin() ? ByteBuffer.allocate(0)
                    : channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin());
            return new StoredTensor(name, e.dtype(), e.shape(), data);
        } catch (IOException ex) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, "Cannot read " + name + " from "
                    + path.getFileName() + ".", ex);
        }
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, path.getFileName() + " has no tensor "
                    + name + ".");
        }
        return e;
    }

    @Override
    public void close() {
        close(channel);
    }
}
