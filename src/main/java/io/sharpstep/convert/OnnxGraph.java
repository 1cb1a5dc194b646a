package io.sharpstep.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import shade.com.google.protobuf.ByteString;

/**
 * A small builder for an ONNX graph of float tensors: nodes, fp32 initializers, inputs and outputs with
 * fixed or symbolic dimensions, finished into an opset-17 {@link ModelProto}.
 */
public final class OnnxGraph {

    /** The ONNX opset the graph uses. */
    public static final int OPSET = 17;
    /** IR version matching opset 17 (ONNX 1.12). */
    public static final int IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private int counter;

    /**
     * @param name the graph's name
     */
    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /**
     * @param base a readable stem
     * @return a tensor name not used before in this graph
     */
    public String fresh(String base) {
        String n;
        do {
            n = base + "_" + counter++;
        } while (!names.add(n));
        return n;
    }

    /**
     * Adds an fp32 initializer.
     *
     * @param base name stem
     * @param dims shape
     * @param data values, row-major
     * @return the initializer's name
     */
    public String floats(String base, long[] dims, float[] data) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("initializer " + base + " has " + data.length + " values for "
                    + n + " elements");
        }
        String name = fresh(base);
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(bb.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /**
     * Adds a node.
     *
     * @param op      operator type
     * @param inputs  input tensor names ("" for an omitted optional input)
     * @param outputs output tensor names
     * @param attrs   attributes
     */
    public void node(String op, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh(op))
                .addAllInput(inputs).addAllOutput(outputs);
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        outputs.forEach(names::add);
        graph.addNode(n);
    }

    /**
     * Declares a float graph input or output.
     *
     * @param input whether it is an input (else an output)
     * @param name  tensor name
     * @param dims  each a {@link Long} (fixed) or a {@link String} (symbolic)
     */
    public void declare(boolean input, String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        ValueInfoProto v = ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
        names.add(name);
        if (input) {
            graph.addInput(v);
        } else {
            graph.addOutput(v);
        }
    }

    /**
     * @param producer producer name recorded in the model
     * @param doc      doc string recorded in the model
     * @return the finished model
     */
    public ModelProto build(String producer, String doc) {
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(producer).setDocString(doc)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build();
    }

    /** @return an int attribute */
    static AttributeProto attr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    /** @return a float attribute */
    static AttributeProto attr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v)
                .build();
    }

    /** @return a string attribute */
    static AttributeProto attr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    /** @return an ints attribute */
    static AttributeProto attr(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }
}
