package io.sharpstep.weights;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.TensorShape;
import net.razorvine.pickle.IObjectConstructor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A file written by {@code torch.save} (the zip format of torch 1.6+): its pickle read with {@link SafePickle}
 * (only tensors, storages and ordered dicts may be named), tensors read from the archive's storages through
 * memory maps. The tree of {@link #root()} holds Maps, Lists, Object[] (tuples), Strings, Numbers, Booleans,
 * nulls and {@link TensorRef}s. Any problem is one sentence of kind INPUT.
 */
public final class TorchCheckpoint implements AutoCloseable {
    /** The largest pickle accepted: the tensors' bytes are outside it, so real ones are small. */
    static final long MAX_PICKLE = 64L << 20;

    /** A storage named by the pickle: {@code ('storage', torch.FloatStorage, key, location, numel)}. */
    record StorageRef(DType dtype, String key, long numel) {
    }

    /** A tensor of the pickle: a view into a storage. */
    public record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
        public DType dtype() {
            return storage.dtype();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    /** A storage class named in a persistent id; calling it is never allowed. */
    private record StorageType(DType dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new SafePickle.Refused("its pickle calls a storage type");
        }
    }

    private final Path path;
    private final ZipDirectory zip;
    private final String prefix;
    private final Object root;

    private TorchCheckpoint(Path path, ZipDirectory zip, String prefix, Object root) {
        this.path = path;
        this.zip = zip;
        this.prefix = prefix;
        this.root = root;
    }

    /** Opens {@code path} and reads its pickle (not the tensors). */
    public static TorchCheckpoint open(Path path) {
        FileChannel ch = null;
        ZipDirectory zip = null;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
            zip = ZipDirectory.open(path, ch);
            ZipDirectory.Entry pickle = null;
            for (ZipDirectory.Entry e : zip.entries().values()) {
                if (e.name().equals("data.pkl") || e.name().endsWith("/data.pkl")) {
                    if (pickle != null) {
                        throw ZipDirectory.bad(path, "it has two data.pkl entries");
                    }
                    pickle = e;
                }
            }
            if (pickle == null) {
                throw ZipDirectory.bad(path, "it has no data.pkl");
            }
            if (pickle.size() > MAX_PICKLE) {
                throw ZipDirectory.bad(path, "its pickle is " + pickle.size() + " bytes, more than the "
                        + MAX_PICKLE + " allowed");
            }
            String prefix = pickle.name().substring(0, pickle.name().length() - "data.pkl".length());
            ByteBuffer buf = zip.map(pickle);
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            Object root;
            try {
                ZipDirectory z = zip;
                root = new SafePickle(constructors(), pid -> checkedStorage(z, prefix, storage(pid))).read(bytes);
            } catch (SafePickle.Refused e) {
                throw ZipDirectory.bad(path, e.getMessage());
            }
            return new TorchCheckpoint(path, zip, prefix, root);
        } catch (IOException e) {
            closeQuietly(zip, ch);
            throw new SharpStepException(SharpStepException.Kind.INPUT, "Cannot read " + path.getFileName() + ".", e);
        } catch (RuntimeException e) {
            closeQuietly(zip, ch);
            throw e;
        }
    }

    private static void closeQuietly(ZipDirectory zip, FileChannel ch) {
        try {
            if (zip != null) {
                zip.close();
            } else if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // already failing
        }
    }

    /** The allow-list: what torch.save writes for dicts of tensors, nothing else. */
    private static Map<String, IObjectConstructor> constructors() {
        Map<String, IObjectConstructor> m = new HashMap<>();
        m.put("collections.OrderedDict", args -> {
            if (args.length != 0) {
                throw new SafePickle.Refused("its pickle builds an OrderedDict from arguments");
            }
            return new LinkedHashMap<>();
        });
        m.put("torch._utils._rebuild_tensor_v2", TorchCheckpoint::rebuildTensor);
        m.put("torch._utils._rebuild_parameter", args -> {
            if (args.length < 1 || !(args[0] instanceof TensorRef t)) {
                throw new SafePickle.Refused("its pickle builds a parameter from something that is no tensor");
            }
            return t;
        });
        for (DType d : DType.values()) {
            m.put("torch." + d.storageName(), new StorageType(d));
        }
        return m;
    }

    private static StorageRef storage(Object pid) {
        if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0]) || !(t[2] instanceof String key)
                || !(t[4] instanceof Number numel) || numel.longValue() < 0) {
            throw new SafePickle.Refused("its pickle has a persistent id that is not a torch storage");
        }
        if (!(t[1] instanceof StorageType type)) {
            throw new SafePickle.Refused("its pickle names a storage of unknown type");
        }
        return new StorageRef(type.dtype(), key, numel.longValue());
    }

    /** A storage the pickle names must be in the archive with exactly the bytes the pickle declares. */
    private static StorageRef checkedStorage(ZipDirectory zip, String prefix, StorageRef s) {
        ZipDirectory.Entry e = zip.entries().get(prefix + "data/" + s.key());
        if (e == null) {
            throw new SafePickle.Refused("its pickle names a storage (" + s.key() + ") the archive lacks");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(s.numel(), s.dtype().size());
        } catch (ArithmeticException ex) {
            bytes = -1;
        }
        if (e.size() != bytes) {
            throw new SafePickle.Refused("storage " + s.key() + " holds " + e.size() + " bytes where its pickle declares "
                    + (bytes < 0 ? "more than exist" : String.valueOf(bytes)));
        }
        return s;
    }

    private static Object rebuildTensor(Object[] args) {
        if (args.length < 6 || !(args[0] instanceof StorageRef s) || !(args[1] instanceof Number off)
                || !(args[2] instanceof Object[] size) || !(args[3] instanceof Object[] stride)
                || size.length != stride.length) {
            throw new SafePickle.Refused("its pickle rebuilds a tensor from arguments torch never writes");
        }
        long[] shape = new long[size.length];
        long[] strides = new long[size.length];
        for (int i = 0; i < size.length; i++) {
            if (!(size[i] instanceof Number a) || !(stride[i] instanceof Number b) || a.longValue() < 0
                    || b.longValue() < 0) {
                throw new SafePickle.Refused("its pickle gives a tensor a size or stride that is no count");
            }
            shape[i] = a.longValue();
            strides[i] = b.longValue();
        }
        if (off.longValue() < 0) {
            throw new SafePickle.Refused("its pickle gives a tensor a negative offset");
        }
        return new TensorRef(s, off.longValue(), shape, strides);
    }

    public Path path() {
        return path;
    }

    /** The unpickled object (for OSEDiff: a dict). */
    public Object root() {
        return root;
    }

    /**
     * The tensor's values, contiguous: a memory-mapped slice of its storage, or a copy where the view is
     * strided. The storage must hold exactly the bytes its pickle declares and the view must lie inside it.
     */
    public StoredTensor tensor(TensorRef ref, String name) {
        StorageRef s = ref.storage();
        ZipDirectory.Entry e = zip.entries().get(prefix + "data/" + s.key());
        if (e == null) {
            throw ZipDirectory.bad(path, "tensor " + name + " names a storage (" + s.key() + ") the archive lacks");
        }
        long bytes;
        long elements;
        long last = ref.offset();
        try {
            bytes = Math.multiplyExact(s.numel(), s.dtype().size());
            elements = StoredTensor.elements(ref.shape());
            for (int i = 0; i < ref.shape.length; i++) {
                if (ref.shape[i] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(ref.shape[i] - 1, ref.stride[i]));
                }
            }
        } catch (ArithmeticException ex) {
            throw ZipDirectory.bad(path, "tensor " + name + " has an impossible size");
        }
        if (e.size() != bytes) {
            throw ZipDirectory.bad(path, "storage " + s.key() + " holds " + e.size() + " bytes where its pickle "
                    + "declares " + bytes);
        }
        if (elements > 0 && last >= s.numel()) {
            throw ZipDirectory.bad(path, "tensor " + name + " " + TensorShape.format(ref.shape())
                    + " reaches past the end of its storage");
        }
        try {
            ByteBuffer all = zip.map(e);
            int size = s.dtype().size();
            if (isContiguous(ref)) {
                ByteBuffer slice = all.slice((int) (ref.offset() * size), (int) (elements * size));
                return new StoredTensor(name, s.dtype(), ref.shape(), slice);
            }
            ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(elements * size)).order(ByteOrder.LITTLE_ENDIAN);
            long[] idx = new long[ref.shape.length];
            byte[] one = new byte[size];
            for (long n = 0; n < elements; n++) {
                long at = ref.offset();
                for (int d = 0; d < idx.length; d++) {
                    at += idx[d] * ref.stride[d];
                }
                all.get((int) (at * size), one);
                out.put(one);
                for (int d = idx.length - 1; d >= 0; d--) {
                    if (++idx[d] < ref.shape[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            return new StoredTensor(name, s.dtype(), ref.shape(), out.flip());
        } catch (IOException ex) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, "Cannot read " + path.getFileName() + ".", ex);
        }
    }

    private static boolean isContiguous(TensorRef ref) {
        long expected = 1;
        for (int d = ref.shape.length - 1; d >= 0; d--) {
            if (ref.shape[d] != 1 && ref.stride[d] != expected) {
                return false;
            }
            expected *= ref.shape[d];
        }
        return true;
    }

    /** Helper for readers of the tree: a dict's entry, or a sentence saying what is missing. */
    public static Object field(Map<?, ?> dict, String key, Path path) {
        if (!dict.containsKey(key)) {
            throw ZipDirectory.bad(path, "it has no '" + key + "'");
        }
        return dict.get(key);
    }

    /** Helper: a list of strings from the tree. */
    public static List<?> list(Object o, String what, Path path) {
        if (o instanceof List<?> l) {
            return l;
        }
        if (o instanceof Object[] a) {
            return List.of(a);
        }
        throw ZipDirectory.bad(path, what + " is not a list");
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
