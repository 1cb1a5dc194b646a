package io.sharpstep.engine.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.engine.pack.LatentSpec;
import io.sharpstep.engine.pack.PromptSpec;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Timings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The UNet: (sample [1,C,h,w], timestep int64, encoder_hidden_states) → ε (or v) [1,C,h,w]. The pack's fixed
 * prompt embedding is loaded once and its tensor kept for every tile. Inputs are recognised by name
 * (sample / timestep / encoder_hidden_states) or, failing that, by type and rank.
 */
public final class Unet extends ModelSession {
    private final LatentSpec latent;
    private final long[] promptShape;
    private final int timestep;
    private String sampleName;
    private String timestepName;
    private String promptName;
    private OnnxJavaType sampleType;
    private boolean scalarTimestep;
    private OnnxTensor prompt;

    public Unet(Path file, DeviceInfo device, LatentSpec latent, Path promptFile, PromptSpec promptSpec,
                int timestep) {
        super(file, "unet", device);
        this.latent = latent;
        this.promptShape = promptSpec.shape();
        this.timestep = timestep;
        checkContract(this::validate);
        checkContract(() -> prompt = loadPrompt(promptFile, promptSpec));
    }

    private void validate() {
        Map<String, NodeInfo> in = inputs();
        if (in.size() != 3) {
            throw mismatch("3 inputs (sample, timestep, encoder_hidden_states)", in.size() + " " + in.keySet());
        }
        for (NodeInfo n : in.values()) {
            TensorInfo t = tensor(n, "tensor inputs");
            String name = n.getName().toLowerCase(java.util.Locale.ROOT);
            if (name.contains("time") || t.type == OnnxJavaType.INT64 && !name.contains("sample")) {
                timestepName = n.getName();
            } else if (name.contains("hidden") || name.contains("context") || t.getShape().length == 3) {
                promptName = n.getName();
            } else {
                sampleName = n.getName();
            }
        }
        if (sampleName == null || timestepName == null || promptName == null) {
            throw mismatch("inputs sample, timestep, encoder_hidden_states", in.keySet().toString());
        }
        sampleType = expectShape(in.get(sampleName), "sample", new long[] {1, latent.channels(), -1, -1}, true).type;
        TensorInfo ts = tensor(in.get(timestepName), "timestep");
        if (ts.type != OnnxJavaType.INT64) {
            throw mismatch("timestep of int64", timestepName + " of " + ts.type);
        }
        scalarTimestep = ts.getShape().length == 0;
        long[] want = promptShape.clone();
        expectShape(in.get(promptName), "encoder_hidden_states", want, true);
        Map<String, NodeInfo> out = outputs();
        if (out.size() != 1) {
            throw mismatch("one output", out.size() + " outputs " + out.keySet());
        }
        expectShape(out.values().iterator().next(), "output", new long[] {1, latent.channels(), -1, -1}, true);
    }

    private OnnxTensor loadPrompt(Path file, PromptSpec spec) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "Cannot read the prompt embedding " + file.getFileName() + ".", e);
        }
        float[] values = new float[(int) spec.elements()];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new SharpStepException(SharpStepException.Kind.PACK, "The prompt embedding " + file.getFileName()
                        + " holds values that are not numbers.");
            }
        }
        try {
            TensorInfo info = (TensorInfo) inputs().get(promptName).getInfo();
            return TensorIo.floats(values, spec.shape(), info.type);
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.MODEL, "Cannot prepare the prompt embedding.", e);
        }
    }

    /** Predicts ε (or v) for one latent tile [C, h, w]. */
    public float[] predict(float[] sample, int w, int h, RunContext ctx) {
        long[] shape = {1, latent.channels(), h, w};
        try (OnnxTensor s = ctx.timings().time(Timings.Part.TENSOR, () -> create(sample, shape));
             OnnxTensor t = TensorIo.int64(timestep, scalarTimestep)) {
            Map<String, OnnxTensor> feeds = new HashMap<>();
            feeds.put(sampleName, s);
            feeds.put(timestepName, t);
            feeds.put(promptName, prompt);
            try (OrtSession.Result r = run(feeds, ctx, Timings.Part.UNET)) {
                return ctx.timings().time(Timings.Part.TENSOR,
                        () -> TensorIo.read(r.get(0), (long) latent.channels() * w * h, "The unet model"));
            }
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.MODEL, "Cannot pass a tile to the unet model.", e);
        }
    }

    private OnnxTensor create(float[] data, long[] shape) {
        try {
            return TensorIo.floats(data, shape, sampleType);
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.MODEL, "Cannot pass a tile to the unet model.", e);
        }
    }

    @Override
    public void close() {
        try {
            if (prompt != null) {
                prompt.close();
            }
        } finally {
            super.close();
        }
    }
}
