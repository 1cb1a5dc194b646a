package io.sharpstep.convert;

import static io.sharpstep.convert.OnnxGraph.attr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emits the ONNX nodes for one ncnn layer at a time, reading the layer's weights from the {@code .bin}
 * reader in file order. ncnn blobs are 3-D (c,h,w); in ONNX they carry a leading batch axis of 1.
 */
final class LayerEmitter {

    private static final Set<Integer> CONV_PARAMS = Set.of(0, 1, 11, 2, 12, 3, 13, 4, 14, 15, 16, 18, 5, 6, 8, 9,
            10, 19);

    private final OnnxGraph g;
    private final NcnnWeightReader weights;
    private final Map<String, String> blobs = new HashMap<>();

    LayerEmitter(OnnxGraph g, NcnnWeightReader weights) {
        this.g = g;
        this.weights = weights;
    }

    /** @return the ONNX tensor holding ncnn blob {@code blob} */
    String tensor(NcnnLayer layer, String blob) {
        String t = blobs.get(blob);
        if (t == null) {
            throw new ConversionException("Layer " + layer.name() + " of type " + layer.type() + " reads blob "
                    + blob + ", which no earlier layer produces.");
        }
        return t;
    }

    /** Binds an ncnn blob name to an ONNX tensor name. */
    void bind(String blob, String tensor) {
        blobs.put(blob, tensor);
    }

    /** Emits one layer. */
    void emit(NcnnLayer l) {
        switch (l.type()) {
            case "Split" -> {
                l.params().requireOnly(l, Set.of());
                String in = tensor(l, l.bottoms().get(0));
                l.tops().forEach(t -> bind(t, in));
            }
            case "Convolution" -> convolution(l);
            case "PReLU" -> prelu(l);
            case "ReLU" -> {
                l.params().requireOnly(l, Set.of(0));
                float slope = l.params().getFloat(0, 0f);
                out(l, slope == 0f ? "Relu" : "LeakyRelu", slope == 0f ? List.of() : List.of(attr("alpha", slope)),
                        tensor(l, l.bottoms().get(0)));
            }
            case "Sigmoid" -> {
                l.params().requireOnly(l, Set.of());
                out(l, "Sigmoid", List.of(), tensor(l, l.bottoms().get(0)));
            }
            case "BinaryOp" -> binaryOp(l);
            case "Eltwise" -> eltwise(l);
            case "Interp" -> interp(l);
            case "PixelShuffle" -> {
                l.params().requireOnly(l, Set.of(0, 1));
                int mode = l.params().getInt(1, 0);
                if (mode != 0 && mode != 1) {
                    throw unsupported(l, "PixelShuffle mode " + mode);
                }
                out(l, "DepthToSpace", List.of(attr("blocksize", (long) l.params().getInt(0, 1)),
                        attr("mode", mode == 0 ? "CRD" : "DCR")), tensor(l, l.bottoms().get(0)));
            }
            case "Concat" -> {
                l.params().requireOnly(l, Set.of(0));
                int axis = l.params().getInt(0, 0);
                List<String> ins = new ArrayList<>();
                l.bottoms().forEach(b -> ins.add(tensor(l, b)));
                out(l, "Concat", List.of(attr("axis", (long) (axis >= 0 ? axis + 1 : axis))),
                        ins.toArray(new String[0]));
            }
            default -> throw new ConversionException("Layer " + l.name() + " has type " + l.type()
                    + ", which this converter does not support.");
        }
    }

    private void convolution(NcnnLayer l) {
        NcnnParams p = l.params();
        p.requireOnly(l, CONV_PARAMS);
        int outC = p.getInt(0, 0);
        int kw = p.getInt(1, 0);
        int kh = p.getInt(11, kw);
        int dw = p.getInt(2, 1);
        int dh = p.getInt(12, dw);
        int sw = p.getInt(3, 1);
        int sh = p.getInt(13, sw);
        int padL = p.getInt(4, 0);
        int padR = p.getInt(15, padL);
        int padT = p.getInt(14, padL);
        int padB = p.getInt(16, padT);
        int size = p.getInt(6, 0);
        if (padL < 0 || padR < 0 || padT < 0 || padB < 0) {
            throw unsupported(l, "automatic 'same' padding (" + padL + ")");
        }
        if (p.getFloat(18, 0f) != 0f || p.getInt(8, 0) != 0 || p.getInt(19, 0) != 0) {
            throw unsupported(l, "non-zero pad value, int8 scales or dynamic weights");
        }
        if (outC <= 0 || kw <= 0 || kh <= 0 || size % (outC * kw * kh) != 0) {
            throw new ConversionException("Layer " + l.name() + " of type Convolution has weight size " + size
                    + " that is not a multiple of " + outC + "x" + kh + "x" + kw + ".");
        }
        int inC = size / (outC * kw * kh);
        String w = g.floats(l.name() + "_w", new long[] {outC, inC, kh, kw}, weights.readTagged(size, l.name()));
        List<String> ins = new ArrayList<>(List.of(tensor(l, l.bottoms().get(0)), w));
        if (p.getInt(5, 0) != 0) {
            ins.add(g.floats(l.name() + "_b", new long[] {outC}, weights.readRaw(outC, l.name() + " bias")));
        }
        String conv = g.fresh(l.name());
        g.node("Conv", ins, List.of(conv), attr("kernel_shape", kh, kw), attr("strides", sh, sw),
                attr("dilations", dh, dw), attr("pads", padT, padL, padB, padR), attr("group", 1L));
        activation(l, conv, p.getInt(9, 0), p.getFloats(10));
    }

    /** ncnn fused activations: 1 relu, 2 leakyrelu, 3 clip, 4 sigmoid, 6 hardswish. */
    private void activation(NcnnLayer l, String in, int type, float[] a) {
        switch (type) {
            case 0 -> bind(l.tops().get(0), in);
            case 1 -> out(l, "Relu", List.of(), in);
            case 2 -> out(l, "LeakyRelu", List.of(attr("alpha", a.length > 0 ? a[0] : 0f)), in);
            case 3 -> out(l, "Clip", List.of(), in, g.floats("min", new long[0], new float[] {a[0]}),
                    g.floats("max", new long[0], new float[] {a[1]}));
            case 4 -> out(l, "Sigmoid", List.of(), in);
            case 6 -> {
                String hs = g.fresh(l.name() + "_hsig");
                g.node("HardSigmoid", List.of(in), List.of(hs), attr("alpha", a[0]), attr("beta", a[1]));
                out(l, "Mul", List.of(), in, hs);
            }
            default -> throw unsupported(l, "fused activation type " + type);
        }
    }

    private void prelu(NcnnLayer l) {
        l.params().requireOnly(l, Set.of(0));
        int n = l.params().getInt(0, 0);
        float[] slope = weights.readRaw(n, l.name());
        long[] dims = n == 1 ? new long[] {1} : new long[] {n, 1, 1};
        out(l, "PRelu", List.of(), tensor(l, l.bottoms().get(0)), g.floats(l.name() + "_slope", dims, slope));
    }

    private void binaryOp(NcnnLayer l) {
        NcnnParams p = l.params();
        p.requireOnly(l, Set.of(0, 1, 2));
        int op = p.getInt(0, 0);
        String a = tensor(l, l.bottoms().get(0));
        String b = p.getInt(1, 0) != 0 ? g.floats(l.name() + "_b", new long[0], new float[] {p.getFloat(2, 0f)})
                : tensor(l, l.bottoms().get(1));
        switch (op) {
            case 0 -> out(l, "Add", List.of(), a, b);
            case 1 -> out(l, "Sub", List.of(), a, b);
            case 2 -> out(l, "Mul", List.of(), a, b);
            case 3 -> out(l, "Div", List.of(), a, b);
            case 4 -> out(l, "Max", List.of(), a, b);
            case 5 -> out(l, "Min", List.of(), a, b);
            case 6 -> out(l, "Pow", List.of(), a, b);
            case 7 -> out(l, "Sub", List.of(), b, a);
            case 8 -> out(l, "Div", List.of(), b, a);
            default -> throw unsupported(l, "operation type " + op);
        }
    }

    private void eltwise(NcnnLayer l) {
        NcnnParams p = l.params();
        p.requireOnly(l, Set.of(0, 1));
        int op = p.getInt(0, 0);
        float[] coeffs = p.getFloats(1);
        List<String> ins = new ArrayList<>();
        for (int i = 0; i < l.bottoms().size(); i++) {
            String t = tensor(l, l.bottoms().get(i));
            if (op == 1 && coeffs.length > 0 && coeffs[i] != 1f) {
                String scaled = g.fresh(l.name() + "_scaled");
                g.node("Mul", List.of(t, g.floats(l.name() + "_coeff", new long[0], new float[] {coeffs[i]})),
                        List.of(scaled));
                t = scaled;
            }
            ins.add(t);
        }
        if (op != 1 && coeffs.length > 0) {
            throw unsupported(l, "coefficients with operation type " + op);
        }
        String onnxOp = switch (op) {
            case 0 -> "Mul";
            case 1 -> "Sum";
            case 2 -> "Max";
            default -> throw unsupported(l, "operation type " + op);
        };
        out(l, onnxOp, List.of(), ins.toArray(new String[0]));
    }

    private void interp(NcnnLayer l) {
        NcnnParams p = l.params();
        p.requireOnly(l, Set.of(0, 1, 2, 3, 4, 5, 6));
        int type = p.getInt(0, 0);
        if (type != 1) {
            throw unsupported(l, "resize type " + type + " (only 1, nearest, is converted)");
        }
        if (p.getInt(3, 0) != 0 || p.getInt(4, 0) != 0 || p.getInt(5, 0) != 0) {
            throw unsupported(l, "a fixed or dynamic output size (only scale factors are converted)");
        }
        String scales = g.floats(l.name() + "_scales", new long[] {4},
                new float[] {1f, 1f, p.getFloat(1, 1f), p.getFloat(2, 1f)});
        // ncnn nearest: in = min((int)(out * (1/scale)), size - 1), i.e. asymmetric + floor
        out(l, "Resize", List.of(attr("mode", "nearest"), attr("coordinate_transformation_mode", "asymmetric"),
                attr("nearest_mode", "floor")), tensor(l, l.bottoms().get(0)), "", scales);
    }

    private void out(NcnnLayer l, String op, List<ai.onnx.proto.OnnxMl.AttributeProto> attrs, String... ins) {
        if (l.tops().size() != 1) {
            throw unsupported(l, l.tops().size() + " outputs");
        }
        String o = g.fresh(l.name());
        g.node(op, List.of(ins), List.of(o), attrs.toArray(new ai.onnx.proto.OnnxMl.AttributeProto[0]));
        bind(l.tops().get(0), o);
    }

    private static ConversionException unsupported(NcnnLayer l, String what) {
        return new ConversionException("Layer " + l.name() + " of type " + l.type() + " uses " + what
                + ", which this converter does not support.");
    }
}
