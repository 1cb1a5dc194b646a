package io.sharpstep.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads weight blobs from an ncnn {@code .bin} file in order, with the semantics of ncnn's
 * {@code ModelBinFromDataReader::load}: type-0 blobs start with a 4-byte tag ({@code 0x01306B47} fp16,
 * padded to 4 bytes; {@code 0x0002C056} fp32; {@code 0} raw fp32; other non-zero tags: 256-entry fp32
 * table + uint8 indices, padded to 4 bytes; int8 {@code 0x000D4B38} is refused); type-1 blobs are raw fp32.
 */
public final class NcnnWeightReader {

    static final int TAG_FP16 = 0x01306B47;
    static final int TAG_FP32 = 0x0002C056;
    static final int TAG_INT8 = 0x000D4B38;

    private final ByteBuffer buf;
    private final String source;

    /**
     * @param data   the whole {@code .bin} content
     * @param source where it came from, for messages
     */
    public NcnnWeightReader(byte[] data, String source) {
        this.buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
    }

    /**
     * @param file a {@code .bin} file
     * @return a reader positioned at its start
     */
    public static NcnnWeightReader open(Path file) {
        try {
            return new NcnnWeightReader(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new ConversionException("Cannot read ncnn weight file " + file + ".", e);
        }
    }

    /**
     * Reads a tagged (type 0) blob, as convolution weights are stored.
     *
     * @param count number of values
     * @param what  the blob's owner, for messages
     * @return the values as fp32
     */
    public float[] readTagged(int count, String what) {
        need(4, what);
        int tag = buf.getInt();
        float[] out = new float[count];
        if (tag == TAG_FP16) {
            int bytes = align4(count * 2);
            need(bytes, what);
            int start = buf.position();
            for (int i = 0; i < count; i++) {
                out[i] = halfToFloat(buf.getShort(start + 2 * i));
            }
            buf.position(start + bytes);
        } else if (tag == TAG_FP32 || tag == 0) {
            return readRaw(count, what);
        } else if (tag == TAG_INT8) {
            throw new ConversionException(what + " holds int8 weights in " + source
                    + ", which this converter does not support.");
        } else {
            need(256 * 4, what);
            float[] table = new float[256];
            for (int i = 0; i < 256; i++) {
                table[i] = buf.getFloat();
            }
            int bytes = align4(count);
            need(bytes, what);
            int start = buf.position();
            for (int i = 0; i < count; i++) {
                out[i] = table[buf.get(start + i) & 0xFF];
            }
            buf.position(start + bytes);
        }
        return out;
    }

    /**
     * Reads a raw fp32 (type 1) blob, as biases and PReLU slopes are stored.
     *
     * @param count number of values
     * @param what  the blob's owner, for messages
     * @return the values
     */
    public float[] readRaw(int count, String what) {
        need(count * 4L, what);
        float[] out = new float[count];
        buf.asFloatBuffer().get(out);
        buf.position(buf.position() + count * 4);
        return out;
    }

    /** @return bytes not read yet */
    public int remaining() {
        return buf.remaining();
    }

    private void need(long bytes, String what) {
        if (buf.remaining() < bytes) {
            throw new ConversionException(source + " ends early while reading weights of " + what + " (needs "
                    + bytes + " more bytes, " + buf.remaining() + " left).");
        }
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    /**
     * @param h IEEE 754 binary16 bits
     * @return the value as float
     */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
