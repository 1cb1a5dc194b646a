package io.sharpstep.engine.ort;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.ops.Rows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** Makes input tensors in the element type a graph declares (float or float16) and reads outputs as float. */
final class TensorIo {
    private static final int CHUNK = 1 << 16;

    private TensorIo() {
    }

    /** A range [from, to) of elements. */
    private interface Range {
        void run(int from, int to);
    }

    /** Element-wise work over all cores in chunks (float16 conversion of megapixel tiles). */
    private static void chunks(int n, Range work) {
        Rows.parallel((n + CHUNK - 1) / CHUNK, 2, c -> work.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }

    /**
     * One graph's input memory, reused tile after tile: a fresh direct buffer per tile costs zeroing and, once
     * Java's direct-memory limit is near, a full garbage collection with a pause before the allocation. A tensor
     * made from it must be closed before the next one is made (each graph runs one tile at a time).
     */
    static final class Staging {
        private ByteBuffer buffer;

        ByteBuffer take(int bytes) {
            if (buffer == null || buffer.capacity() < bytes) {
                buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            }
            return buffer.slice(0, bytes).order(ByteOrder.nativeOrder());
        }
    }

    static OnnxTensor floats(float[] data, long[] shape, OnnxJavaType type) throws OrtException {
        return floats(data, shape, type, new Staging());
    }

    static OnnxTensor floats(float[] data, long[] shape, OnnxJavaType type, Staging staging) throws OrtException {
        if (type == OnnxJavaType.FLOAT16) {
            ByteBuffer bytes = staging.take(data.length * 2);
            ShortBuffer halves = bytes.asShortBuffer();
            chunks(data.length, (from, to) -> {
                for (int i = from; i < to; i++) {
                    halves.put(i, Fp16Conversions.floatToFp16(data[i]));
                }
            });
            return OnnxTensor.createTensor(OrtRuntime.env(), bytes, shape, OnnxJavaType.FLOAT16);
        }
        ByteBuffer bytes = staging.take(data.length * 4);
        bytes.asFloatBuffer().put(data);
        return OnnxTensor.createTensor(OrtRuntime.env(), bytes.asFloatBuffer(), shape);
    }

    static OnnxTensor int64(long value, boolean scalar) throws OrtException {
        if (scalar) {
            return OnnxTensor.createTensor(OrtRuntime.env(), value);
        }
        return OnnxTensor.createTensor(OrtRuntime.env(), LongBuffer.wrap(new long[] {value}), new long[] {1});
    }

    /**
     * The output's values as float (float16 converted), checking the element count; if any value is NaN or
     * infinite, {@code notFinite} gives the exception to throw. The check rides along the copy, chunk by
     * chunk on all cores.
     */
    static float[] read(OnnxValue value, long expectedElements, String what, Supplier<SharpStepException> notFinite) {
        if (!(value instanceof OnnxTensor t)) {
            throw new SharpStepException(SharpStepException.Kind.MODEL, what + " returned no tensor.");
        }
        AtomicBoolean bad = new AtomicBoolean();
        float[] out;
        if (t.getInfo().type == OnnxJavaType.FLOAT16) {
            ShortBuffer sb = t.getShortBuffer();
            count(sb.remaining(), expectedElements, what);
            out = new float[sb.remaining()];
            float[] o = out;
            chunks(out.length, (from, to) -> {
                boolean nonFinite = false;
                for (int i = from; i < to; i++) {
                    short h = sb.get(i);
                    nonFinite |= (h & 0x7C00) == 0x7C00;
                    o[i] = Fp16Conversions.fp16ToFloat(h);
                }
                if (nonFinite) {
                    bad.set(true);
                }
            });
        } else {
            FloatBuffer fb = t.getFloatBuffer();
            if (fb == null) {
                throw new SharpStepException(SharpStepException.Kind.MODEL, what + " returned " + t.getInfo().type
                        + " values, expected float.");
            }
            count(fb.remaining(), expectedElements, what);
            // getFloatBuffer already copied out of native memory into a heap buffer: take its array as it is.
            if (fb.hasArray() && fb.arrayOffset() == 0 && fb.position() == 0
                    && fb.array().length == fb.remaining()) {
                out = fb.array();
            } else {
                out = new float[fb.remaining()];
                fb.get(out);
            }
            float[] o = out;
            chunks(out.length, (from, to) -> {
                boolean nonFinite = false;
                for (int i = from; i < to; i++) {
                    nonFinite |= (Float.floatToRawIntBits(o[i]) & 0x7F800000) == 0x7F800000;
                }
                if (nonFinite) {
                    bad.set(true);
                }
            });
        }
        if (bad.get()) {
            throw notFinite.get();
        }
        return out;
    }

    private static void count(int found, long expected, String what) {
        if (found != expected) {
            throw new SharpStepException(SharpStepException.Kind.MODEL, what + ": expected " + expected
                    + " values, found " + found + ".");
        }
    }
}
