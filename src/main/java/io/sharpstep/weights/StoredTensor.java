package io.sharpstep.weights;

import io.sharpstep.core.TensorShape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor as stored in a weight file: row-major, little-endian bytes (usually a memory-mapped slice of the
 * file, never copied whole into the heap by this class).
 *
 * @param name  its key in the file
 * @param dtype element type
 * @param shape sizes (empty for a scalar)
 * @param data  exactly {@code elements() * dtype.size()} bytes, little-endian, position 0
 */
public record StoredTensor(String name, DType dtype, long[] shape, ByteBuffer data) {
    public StoredTensor {
        shape = shape.clone();
        data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (data.remaining() != elements(shape) * dtype.size()) {
            throw new IllegalArgumentException(name + ": " + data.remaining() + " bytes for " + dtype + " "
                    + TensorShape.format(shape));
        }
    }

    /** Number of elements of a shape; throws ArithmeticException on overflow. */
    public static long elements(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    public long elements() {
        return elements(shape);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Element {@code i} (row-major) as a float; float types only (F64 rounds to nearest). */
    public float floatAt(int i) {
        return switch (dtype) {
            case F32 -> data.getFloat(i * 4);
            case F16 -> Fp16.toFloat(data.getShort(i * 2));
            case BF16 -> Fp16.bf16ToFloat(data.getShort(i * 2));
            case F64 -> (float) data.getDouble(i * 8);
            default -> throw new IllegalStateException(name + " holds " + dtype + ", not floating point values");
        };
    }

    /** All values as floats (for tensors that fit the heap comfortably). */
    public float[] toFloats() {
        float[] out = new float[Math.toIntExact(elements())];
        if (dtype == DType.F32) {
            data.asFloatBuffer().get(out);
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = floatAt(i);
        }
        return out;
    }

    /** Integer values (I64, I32) as longs. */
    public long[] toLongs() {
        long[] out = new long[Math.toIntExact(elements())];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case I64 -> data.getLong(i * 8);
                case I32 -> data.getInt(i * 4);
                default -> throw new IllegalStateException(name + " holds " + dtype + ", not integers");
            };
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredTensor t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + TensorShape.format(shape);
    }
}
