package io.sharpstep.weights;

import java.util.Locale;

/** Element types of stored tensors, with their names in safetensors headers and torch storages. */
public enum DType {
    F32(4, "F32", "FloatStorage"),
    F16(2, "F16", "HalfStorage"),
    BF16(2, "BF16", "BFloat16Storage"),
    F64(8, "F64", "DoubleStorage"),
    I64(8, "I64", "LongStorage"),
    I32(4, "I32", "IntStorage"),
    I16(2, "I16", "ShortStorage"),
    I8(1, "I8", "CharStorage"),
    U8(1, "U8", "ByteStorage"),
    BOOL(1, "BOOL", "BoolStorage");

    private final int size;
    private final String safetensorsName;
    private final String storageName;

    DType(int size, String safetensorsName, String storageName) {
        this.size = size;
        this.safetensorsName = safetensorsName;
        this.storageName = storageName;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Whether values are floating point (F32, F16, BF16, F64). */
    public boolean isFloat() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /** The type of a safetensors header's "dtype", or null if unknown. */
    public static DType ofSafetensors(String name) {
        for (DType d : values()) {
            if (d.safetensorsName.equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The torch storage class of this type, e.g. "FloatStorage". */
    public String storageName() {
        return storageName;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
