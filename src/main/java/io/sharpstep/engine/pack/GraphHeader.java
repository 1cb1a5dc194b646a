package io.sharpstep.engine.pack;

import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.sharpstep.core.SharpStepException;
import shade.com.google.protobuf.CodedInputStream;
import shade.com.google.protobuf.ExtensionRegistryLite;
import shade.com.google.protobuf.InvalidProtocolBufferException;
import shade.com.google.protobuf.WireFormat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The declared inputs and outputs of an ONNX graph, read from the file without ONNX Runtime: the protobuf
 * fields are walked and the weights skipped (not read), so even a large graph is checked in milliseconds.
 * A file that is empty, cut short or not an ONNX model at all fails with one sentence naming the pack.
 *
 * @param irVersion the ONNX IR version
 * @param inputs    graph inputs that are not initializers (what a caller must feed)
 * @param outputs   graph outputs
 */
public record GraphHeader(long irVersion, List<GraphPort> inputs, List<GraphPort> outputs) {
    // ModelProto fields
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    // GraphProto fields
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    // TensorProto field
    private static final int TENSOR_NAME = 8;

    /**
     * Reads the header of {@code file}, a graph of pack {@code packId}.
     *
     * @throws SharpStepException of kind PACK when the file is not a complete ONNX model
     */
    public static GraphHeader read(Path file, String packId) {
        String what = "Model pack '" + packId + "': " + file.getFileName();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, what + " cannot be read.", e);
        }
        if (size == 0) {
            throw new SharpStepException(SharpStepException.Kind.PACK, what + " is empty (0 bytes).");
        }
        if (size > Integer.MAX_VALUE) {
            throw new SharpStepException(SharpStepException.Kind.PACK, what + " is larger than an ONNX file can"
                    + " be (2 GB); large weights belong in external data files.");
        }
        Walk walk = new Walk(size);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CodedInputStream in = CodedInputStream.newInstance(raw);
            in.setSizeLimit(Integer.MAX_VALUE);
            walk.model(in);
            if (in.getTotalBytesRead() > size) {
                throw new Cut();
            }
        } catch (Cut e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, what + " is truncated: its end is missing.",
                    e);
        } catch (InvalidProtocolBufferException e) {
            boolean cut = walk.irVersion > 0 && String.valueOf(e.getMessage()).contains("truncated");
            throw new SharpStepException(SharpStepException.Kind.PACK, what + (cut
                    ? " is truncated: its end is missing." : " is not an ONNX model (it is damaged or another"
                    + " kind of file)."), e);
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, what + " cannot be read.", e);
        } catch (RuntimeException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, what + " is not an ONNX model (it is"
                    + " damaged or another kind of file).", e);
        }
        if (walk.irVersion <= 0 || !walk.graph) {
            throw new SharpStepException(SharpStepException.Kind.PACK, what + " is not an ONNX model (it has no "
                    + (walk.irVersion <= 0 ? "IR version" : "graph") + ").");
        }
        if (!walk.opset) {
            // Writers put opset_import after the graph: a file cut right after the graph lacks it.
            throw new SharpStepException(SharpStepException.Kind.PACK, what + " is truncated or incomplete: it"
                    + " declares no operator set.");
        }
        List<GraphPort> inputs = new ArrayList<>();
        for (GraphPort p : walk.inputs) {
            if (!walk.initializers.contains(p.name())) {
                inputs.add(p);
            }
        }
        return new GraphHeader(walk.irVersion, List.copyOf(inputs), List.copyOf(walk.outputs));
    }

    /** A field that runs past the end of the file. */
    private static final class Cut extends IOException {
        private static final long serialVersionUID = 1L;

        Cut() {
            super("the file ends inside a field");
        }
    }

    /** State of one walk through the file. */
    private static final class Walk {
        private final long size;
        long irVersion;
        boolean graph;
        boolean opset;
        final List<GraphPort> inputs = new ArrayList<>();
        final List<GraphPort> outputs = new ArrayList<>();
        final Set<String> initializers = new HashSet<>();

        Walk(long size) {
            this.size = size;
        }

        void model(CodedInputStream in) throws IOException {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                int wire = WireFormat.getTagWireType(tag);
                if (field == MODEL_IR_VERSION && wire == WireFormat.WIRETYPE_VARINT) {
                    irVersion = in.readInt64();
                } else if (field == MODEL_GRAPH && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int old = enter(in);
                    graph(in);
                    in.popLimit(old);
                    graph = true;
                } else {
                    opset |= field == MODEL_OPSET_IMPORT && wire == WireFormat.WIRETYPE_LENGTH_DELIMITED;
                    in.skipField(tag);
                }
            }
        }

        private void graph(CodedInputStream in) throws IOException {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                boolean message = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
                if (message && field == GRAPH_INITIALIZER) {
                    int old = enter(in);
                    String name = tensorName(in);
                    in.popLimit(old);
                    if (name != null) {
                        initializers.add(name);
                    }
                } else if (message && (field == GRAPH_INPUT || field == GRAPH_OUTPUT)) {
                    int old = enter(in);
                    ValueInfoProto v = ValueInfoProto.parseFrom(in.readRawBytes(in.getBytesUntilLimit()),
                            ExtensionRegistryLite.getEmptyRegistry());
                    in.popLimit(old);
                    (field == GRAPH_INPUT ? inputs : outputs).add(port(v));
                } else {
                    in.skipField(tag);
                }
            }
        }

        /** The name of an initializer, its data skipped. */
        private static String tensorName(CodedInputStream in) throws IOException {
            String name = null;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == TENSOR_NAME
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    name = in.readString();
                } else {
                    in.skipField(tag);
                }
            }
            return name;
        }

        /** Enters a length-delimited field, refusing one that claims more bytes than the file has left. */
        private int enter(CodedInputStream in) throws IOException {
            int len = in.readRawVarint32();
            if (len < 0) {
                throw new InvalidProtocolBufferException("a field of negative length");
            }
            if (len > size - in.getTotalBytesRead()) {
                throw irVersion > 0 ? new Cut() : new InvalidProtocolBufferException("a field longer than the file");
            }
            return in.pushLimit(len);
        }
    }

    private static GraphPort port(ValueInfoProto v) {
        TypeProto t = v.getType();
        if (!t.hasTensorType()) {
            return new GraphPort(v.getName(), GraphPort.ElementType.OTHER, null);
        }
        TypeProto.Tensor tt = t.getTensorType();
        GraphPort.ElementType type = GraphPort.ElementType.ofOnnx(tt.getElemType());
        if (!tt.hasShape()) {
            return new GraphPort(v.getName(), type, null);
        }
        List<TensorShapeProto.Dimension> dims = tt.getShape().getDimList();
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : -1;
        }
        return new GraphPort(v.getName(), type, shape);
    }
}
