package io.sharpstep.engine.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.SharpStepException;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A CLIP text encoder graph (token ids [1, n] int64 → last hidden state [1, n, width]), used once when a
 * diffusion pack is built to compute its fixed prompt embedding. Not part of a pack, so it checks its own
 * output shape and values.
 */
public final class TextEncoder implements AutoCloseable {
    private final OrtRuntime.Opened opened;

    /** Opens {@code graph} on the CPU. */
    public TextEncoder(Path graph) {
        this.opened = OrtRuntime.open(graph, DeviceInfo.cpu(""));
    }

    /** The embedding of {@code ids}: n × {@code width} floats, each a finite number. */
    public float[] embed(long[] ids, int width) {
        OrtSession session = opened.session();
        try (OnnxTensor input = OnnxTensor.createTensor(OrtRuntime.env(), LongBuffer.wrap(ids),
                new long[] {1, ids.length});
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            long[] shape = output.getInfo().getShape();
            if (shape.length != 3 || shape[0] != 1 || shape[1] != ids.length || shape[2] != width) {
                throw new SharpStepException(SharpStepException.Kind.PACK, "The text encoder gave an embedding of "
                        + "the wrong shape: expected [1," + ids.length + "," + width + "].");
            }
            FloatBuffer fb = output.getFloatBuffer();
            float[] values = new float[fb.remaining()];
            fb.get(values);
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    throw new SharpStepException(SharpStepException.Kind.PACK, "The text encoder gave a prompt "
                            + "embedding that is not a number: the text encoder file is damaged.");
                }
            }
            return values;
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "The text encoder failed while computing the "
                    + "prompt embedding.", e);
        }
    }

    @Override
    public void close() {
        try {
            opened.close();
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.INTERNAL, "Cannot release the text encoder.", e);
        }
    }
}
