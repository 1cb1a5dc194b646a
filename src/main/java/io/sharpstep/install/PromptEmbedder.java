package io.sharpstep.install;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.ort.OrtRuntime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The pack's fixed prompt embedding: the text-encoder graph (bound from the user's SD 2.1 text encoder) run
 * once on the CPU over the prompt's token ids; the last hidden state, float32 [1, 77, width], little-endian.
 */
final class PromptEmbedder {
    private PromptEmbedder() {
    }

    /** Runs {@code textEncoder} on {@code ids} and writes the embedding to {@code out} (a new file). */
    static void embed(Path textEncoder, long[] ids, int width, Path out) throws IOException {
        float[] values;
        try (OrtSession session = OrtRuntime.open(textEncoder, DeviceInfo.cpu(""));
             OnnxTensor input = OnnxTensor.createTensor(OrtRuntime.env(), LongBuffer.wrap(ids),
                     new long[] {1, ids.length});
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            long[] shape = output.getInfo().getShape();
            if (shape.length != 3 || shape[0] != 1 || shape[1] != ids.length || shape[2] != width) {
                throw new SharpStepException(SharpStepException.Kind.INTERNAL, "The text encoder gave an embedding "
                        + "of the wrong shape.");
            }
            FloatBuffer fb = output.getFloatBuffer();
            values = new float[fb.remaining()];
            fb.get(values);
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "The text encoder failed while computing the "
                    + "prompt embedding.", e);
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new SharpStepException(SharpStepException.Kind.PACK, "The text encoder gave a prompt "
                        + "embedding that is not a number: the text encoder file is damaged.");
            }
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        }
    }
}
