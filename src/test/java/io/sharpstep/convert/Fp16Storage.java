package io.sharpstep.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.HashSet;
import java.util.Set;

/**
 * Test helper: rewrites a converted model so that every intermediate tensor is rounded to fp16 and back,
 * which imitates ncnn's Vulkan "fp16 storage" (fp16 blobs, fp32 arithmetic) that upscayl-bin uses. Used
 * to tell rounding differences from conversion errors.
 */
final class Fp16Storage {

    private Fp16Storage() {
    }

    static ModelProto emulate(ModelProto m) {
        GraphProto g = m.getGraph();
        Set<String> outputs = new HashSet<>();
        g.getOutputList().forEach(o -> outputs.add(o.getName()));
        GraphProto.Builder b = g.toBuilder().clearNode();
        for (NodeProto n : g.getNodeList()) {
            NodeProto.Builder nb = n.toBuilder();
            for (int i = 0; i < n.getOutputCount(); i++) {
                String o = n.getOutput(i);
                if (outputs.contains(o)) {
                    continue;
                }
                nb.setOutput(i, o + "_f32");
            }
            b.addNode(nb);
            for (String o : n.getOutputList()) {
                if (outputs.contains(o)) {
                    continue;
                }
                b.addNode(cast(o + "_f32", o + "_f16", TensorProto.DataType.FLOAT16));
                b.addNode(cast(o + "_f16", o, TensorProto.DataType.FLOAT));
            }
        }
        return m.toBuilder().setGraph(b).build();
    }

    private static NodeProto cast(String in, String out, TensorProto.DataType to) {
        return NodeProto.newBuilder().setOpType("Cast").setName(out + "_cast").addInput(in).addOutput(out)
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                        .setI(to.getNumber()))
                .build();
    }
}
