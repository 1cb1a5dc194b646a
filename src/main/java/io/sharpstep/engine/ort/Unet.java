package io.sharpstep.engine.ort;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.engine.pack.GraphContract;
import io.sharpstep.engine.pack.LatentManifest;
import io.sharpstep.engine.pack.LatentSpec;
import io.sharpstep.engine.pack.ModelPack;
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
    private final TensorIo.Staging staging = new TensorIo.Staging();
    private final LatentSpec latent;
    private final int timestep;
    private final String sampleName;
    private final String timestepName;
    private final String promptName;
    private final OnnxJavaType sampleType;
    private final boolean scalarTimestep;
    private OnnxTensor prompt;

    public Unet(ModelPack pack, DeviceInfo device) {
        super(pack, "unet", device);
        LatentManifest m = (LatentManifest) pack.manifest();
        this.latent = m.latent();
        this.timestep = m.scheduler().timestep();
        GraphContract.DenoiserBinding b = (GraphContract.DenoiserBinding) binding();
        this.sampleName = b.sample();
        this.timestepName = b.timestep();
        this.promptName = b.prompt();
        this.sampleType = javaType(b.sampleType());
        this.scalarTimestep = b.scalarTimestep();
        PromptSpec spec = m.prompt();
        checkContract(() -> prompt = loadPrompt(pack.file(spec.file()), spec));
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
            return TensorIo.floats(values, spec.shape(), inputType(promptName));
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
                return ctx.timings().time(Timings.Part.TENSOR, () -> read(r.get(0), (long) latent.channels() * w * h));
            }
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.MODEL, "Cannot pass a tile to the unet model.", e);
        }
    }

    private OnnxTensor create(float[] data, long[] shape) {
        try {
            return TensorIo.floats(data, shape, sampleType, staging);
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
