package io.sharpstep.install;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.sharpstep.core.CancelToken;
import io.sharpstep.core.Precision;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.TensorShape;
import io.sharpstep.weights.DType;
import io.sharpstep.weights.Fp16;
import shade.com.google.protobuf.ByteString;
import shade.com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.DoubleConsumer;

/**
 * Fills a graph template with weights from the source files and writes it as {@code <graph>.onnx} plus
 * {@code <graph>.onnx.data}, in the layout of {@code models/export/external_data.py}: initializers of at least
 * {@value #THRESHOLD} bytes in the data file in graph order, each at a multiple of {@value #ALIGN}; smaller ones
 * inline. The same weights thus give the same weight file as the Python export, byte for byte. Tensors are
 * written one at a time (merged ones are the only ones held in the heap, one at a time).
 */
final class TemplateBinder {
    static final int THRESHOLD = 1024;
    static final int ALIGN = 64;
    private static final int CHUNK = 1 << 20;

    private TemplateBinder() {
    }

    /**
     * Writes {@code graph} in {@code precision} into {@code dir}.
     *
     * @param progress receives the fraction of this graph's weight bytes written
     * @return the path of the .onnx file
     */
    static Path bind(TemplateSet templates, String graph, Precision precision, SourceWeights weights, Path dir,
                     CancelToken cancel, DoubleConsumer progress) throws IOException {
        TemplateSet.Graph g = templates.graph(graph);
        ModelProto template;
        try {
            template = ModelProto.parseFrom(templates.templateBytes(graph, precision));
        } catch (InvalidProtocolBufferException e) {
            throw new SharpStepException(SharpStepException.Kind.INTERNAL, "The " + graph + " graph template is "
                    + "damaged.", e);
        }
        Map<String, TemplateSet.Binding> bound = new HashMap<>();
        for (TemplateSet.Binding b : g.bindings()) {
            bound.put(b.name(), b);
        }
        GraphProto.Builder gb = template.getGraph().toBuilder();
        long total = 0;
        for (TensorProto t : gb.getInitializerList()) {
            total += bytes(t);
        }
        String dataName = graph + ".onnx.data";
        Path data = dir.resolve(dataName);
        Path onnx = dir.resolve(graph + ".onnx");
        long offset = 0;
        long done = 0;
        int found = 0;
        try (FileChannel out = FileChannel.open(data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < gb.getInitializerCount(); i++) {
                cancel.check();
                TensorProto t = gb.getInitializer(i);
                TemplateSet.Binding b = bound.get(t.getName());
                long length = bytes(t);
                TensorProto.Builder tb = t.toBuilder().clearRawData().clearExternalData();
                if (b != null) {
                    found++;
                    checkDims(graph, t, b);
                }
                if (length >= THRESHOLD) {
                    long pad = (ALIGN - offset % ALIGN) % ALIGN;
                    writeFully(out, ByteBuffer.allocate((int) pad), offset);
                    offset += pad;
                    if (b != null) {
                        writeBound(out, offset, t, b, weights);
                    } else {
                        writeFully(out, t.getRawData().asReadOnlyByteBuffer(), offset);
                    }
                    tb.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                            .addExternalData(entry("location", dataName))
                            .addExternalData(entry("offset", Long.toString(offset)))
                            .addExternalData(entry("length", Long.toString(length)));
                    offset += length;
                } else {
                    ByteString raw = t.getRawData();
                    if (b != null) {
                        ByteBuffer small = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
                        fill(small, t, b, weights);
                        raw = ByteString.copyFrom(small.flip());
                    }
                    tb.setDataLocation(TensorProto.DataLocation.DEFAULT).setRawData(raw);
                }
                gb.setInitializer(i, tb);
                done += length;
                progress.accept(total == 0 ? 1 : (double) done / total);
            }
            out.force(true);
        }
        if (found != bound.size()) {
            throw new SharpStepException(SharpStepException.Kind.INTERNAL, "The " + graph + " graph template binds "
                    + bound.size() + " weights but holds " + found + " of them.");
        }
        try (OutputStream os = Files.newOutputStream(onnx, StandardOpenOption.CREATE_NEW)) {
            template.toBuilder().setGraph(gb).build().writeTo(os);
        }
        return onnx;
    }

    private static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    private static long bytes(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n = Math.multiplyExact(n, d);
        }
        return n * switch (t.getDataType()) {
            case 1, 6 -> 4; // FLOAT, INT32
            case 10, 5, 4 -> 2; // FLOAT16, INT16, UINT16
            case 7, 11 -> 8; // INT64, DOUBLE
            case 2, 3, 9 -> 1; // UINT8, INT8, BOOL
            default -> throw new SharpStepException(SharpStepException.Kind.INTERNAL, "The graph template holds "
                    + t.getName() + " of an unexpected element type " + t.getDataType() + ".");
        };
    }

    private static void checkDims(String graph, TensorProto t, TemplateSet.Binding b) {
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        if (!Arrays.equals(dims, b.dims()) || (t.getDataType() != 1 && t.getDataType() != 10)) {
            throw new SharpStepException(SharpStepException.Kind.INTERNAL, "The " + graph + " graph template does "
                    + "not match its bindings at " + t.getName() + ": expected " + TensorShape.format(b.dims())
                    + ", found " + TensorShape.format(dims) + ".");
        }
    }

    /** Writes one bound weight at {@code offset}, in chunks. */
    private static void writeBound(FileChannel out, long offset, TensorProto t, TemplateSet.Binding b,
                                   SourceWeights weights) throws IOException {
        SourceWeights.Value v = weights.value(b.source(), b.key(), b.shape());
        DType want = t.getDataType() == 1 ? DType.F32 : DType.F16;
        if (b.layout() == TemplateSet.Layout.IDENTITY && v.stored() != null && v.stored().dtype() == want) {
            writeFully(out, v.stored().data(), offset);
            return;
        }
        int n = Math.toIntExact(io.sharpstep.weights.StoredTensor.elements(b.shape()));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        long at = offset;
        for (int i = 0; i < n; i++) {
            put(buf, want, v.at(source(b, i)));
            if (!buf.hasRemaining()) {
                at += writeFully(out, buf.flip(), at);
                buf.clear();
            }
        }
        writeFully(out, buf.flip(), at);
    }

    private static void fill(ByteBuffer buf, TensorProto t, TemplateSet.Binding b, SourceWeights weights) {
        SourceWeights.Value v = weights.value(b.source(), b.key(), b.shape());
        DType want = t.getDataType() == 1 ? DType.F32 : DType.F16;
        int n = Math.toIntExact(io.sharpstep.weights.StoredTensor.elements(b.shape()));
        for (int i = 0; i < n; i++) {
            put(buf, want, v.at(source(b, i)));
        }
    }

    /** Index in the source tensor of output element {@code i}. */
    private static int source(TemplateSet.Binding b, int i) {
        if (b.layout() == TemplateSet.Layout.IDENTITY) {
            return i;
        }
        int rows = (int) b.shape()[0];
        int cols = (int) b.shape()[1];
        // output is [cols, rows]: element (c, r) = source (r, c)
        return (i % rows) * cols + i / rows;
    }

    private static void put(ByteBuffer buf, DType want, float value) {
        if (want == DType.F32) {
            buf.putFloat(value);
        } else {
            buf.putShort(Fp16.fromFloat(value));
        }
    }

    private static int writeFully(FileChannel out, ByteBuffer src, long pos) throws IOException {
        ByteBuffer b = src.duplicate();
        int n = b.remaining();
        while (b.hasRemaining()) {
            pos += out.write(b, pos);
        }
        return n;
    }
}
