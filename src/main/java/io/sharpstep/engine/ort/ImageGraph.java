package io.sharpstep.engine.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.TensorShape;
import io.sharpstep.core.Timings;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A graph with one image-like input [1, inC, H, W] and one output [1, outC, H·num/den, W·num/den]: the VAE
 * encoder (÷8), the VAE decoder (×8) and direct models (×scale) all have this form.
 */
abstract class ImageGraph extends ModelSession {
    private final int inChannels;
    private final int outChannels;
    private final int num;
    private final int den;
    private final Timings.Part part;
    private String inputName;
    private OnnxJavaType inputType;
    /** Beyond this a fixed tile would not fit any memory: such a graph is refused when it loads. */
    static final int MAX_FIXED_SIDE = 4096;
    private long fixedH = -1;
    private long fixedW = -1;

    ImageGraph(Path file, String role, DeviceInfo device, int inChannels, int outChannels, int num, int den,
               Timings.Part part) {
        super(file, role, device);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.num = num;
        this.den = den;
        this.part = part;
        checkContract(this::validate);
    }

    private void validate() {
        Map<String, NodeInfo> in = inputs();
        Map<String, NodeInfo> out = outputs();
        if (in.size() != 1) {
            throw mismatch("one input", in.size() + " inputs " + in.keySet());
        }
        if (out.size() != 1) {
            throw mismatch("one output", out.size() + " outputs " + out.keySet());
        }
        NodeInfo input = in.values().iterator().next();
        var info = expectShape(input, "input", new long[] {1, inChannels, -1, -1}, true);
        expectShape(out.values().iterator().next(), "output", new long[] {1, outChannels, -1, -1}, true);
        inputName = input.getName();
        inputType = info.type;
        fixedH = info.getShape()[2];
        fixedW = info.getShape()[3];
        if ((fixedH > 0 || fixedW > 0) && !(allowsFixedSide() && fixedH == fixedW && fixedH <= MAX_FIXED_SIDE)) {
            throw mismatch("input " + (allowsFixedSide() ? "of free or equal fixed sides (at most " + MAX_FIXED_SIDE
                    + ")" : "of free height and width"), input.getName() + " " + TensorShape.format(info.getShape()));
        }
    }

    /** Whether the role can work with a graph whose input side is fixed (the tile is then that side). */
    boolean allowsFixedSide() {
        return false;
    }

    /** The square side the graph insists on, if any. */
    final OptionalInt fixedSide() {
        return fixedH > 0 ? OptionalInt.of((int) fixedH) : OptionalInt.empty();
    }

    /** Runs one tile: {@code chw} is [inC, h, w]; returns [outC, h·num/den, w·num/den]. */
    final float[] apply(float[] chw, int w, int h, RunContext ctx) {
        if ((long) w * num % den != 0 || (long) h * num % den != 0) {
            throw new IllegalArgumentException(role() + " tile " + w + "x" + h + " not divisible by " + den);
        }
        long ow = (long) w * num / den;
        long oh = (long) h * num / den;
        long[] shape = {1, inChannels, h, w};
        OnnxTensor input = ctx.timings().time(Timings.Part.TENSOR, () -> create(chw, shape));
        try (input; OrtSession.Result r = run(Map.of(inputName, input), ctx, part)) {
            return ctx.timings().time(Timings.Part.TENSOR,
                    () -> TensorIo.read(r.get(0), outChannels * ow * oh, "The " + role() + " model"));
        }
    }

    private OnnxTensor create(float[] chw, long[] shape) {
        try {
            return TensorIo.floats(chw, shape, inputType);
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.MODEL, "Cannot pass a tile to the " + role() + " model.", e);
        }
    }
}
