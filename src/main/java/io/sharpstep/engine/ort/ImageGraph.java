package io.sharpstep.engine.ort;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.pack.GraphContract;
import io.sharpstep.engine.pack.ModelPack;

import java.util.Map;
import java.util.OptionalInt;

/**
 * A graph with one image-like input [1, inC, H, W] and one output [1, outC, H·num/den, W·num/den]: the VAE
 * encoder (÷8), the VAE decoder (×8) and direct models (×scale) all have this form (see
 * {@link GraphContract.Image}).
 */
abstract class ImageGraph extends ModelSession {
    private final TensorIo.Staging staging = new TensorIo.Staging();
    private final int inChannels;
    private final int outChannels;
    private final int num;
    private final int den;
    private final Timings.Part part;
    private final String inputName;
    private final OnnxJavaType inputType;
    private final int fixedSide;

    ImageGraph(ModelPack pack, String role, DeviceInfo device, Timings.Part part) {
        super(pack, role, device);
        GraphContract.Image contract = (GraphContract.Image) GraphContract.of(pack.manifest(), role);
        this.inChannels = contract.inChannels();
        this.outChannels = contract.outChannels();
        this.num = contract.num();
        this.den = contract.den();
        this.part = part;
        GraphContract.ImageBinding b = (GraphContract.ImageBinding) binding();
        this.inputName = b.input();
        this.inputType = javaType(b.type());
        this.fixedSide = b.fixedSide();
    }

    /** The square side the graph insists on, if any (the contract refuses any other fixed size). */
    final OptionalInt fixedSide() {
        return fixedSide > 0 ? OptionalInt.of(fixedSide) : OptionalInt.empty();
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
            return ctx.timings().time(Timings.Part.TENSOR, () -> read(r.get(0), outChannels * ow * oh));
        }
    }

    private OnnxTensor create(float[] chw, long[] shape) {
        try {
            return TensorIo.floats(chw, shape, inputType, staging);
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.MODEL, "Cannot pass a tile to the " + role() + " model.", e);
        }
    }
}
