package io.sharpstep.convert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** Test helper: one ONNX Runtime CPU session on a converted model, run untiled on whole images. */
final class OrtModel implements AutoCloseable {

    private final OrtEnvironment env = io.sharpstep.engine.ort.OrtRuntime.env();
    private final OrtSession session;

    OrtModel(Path onnx) throws OrtException {
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(onnx.toString(), o);
        }
    }

    /**
     * @param in  input image
     * @param scale expected output scale
     * @return the raw output (unquantised)
     */
    Images run(Images in, int scale) throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in.data()),
                new long[] {1, 3, in.h(), in.w()});
             OrtSession.Result r = session.run(Map.of(NcnnToOnnx.INPUT, t))) {
            OnnxTensor out = (OnnxTensor) r.get(0);
            long[] shape = out.getInfo().getShape();
            FloatBuffer fb = out.getFloatBuffer();
            float[] d = new float[fb.remaining()];
            fb.get(d);
            if (shape[2] != (long) in.h() * scale || shape[3] != (long) in.w() * scale) {
                throw new IllegalStateException("unexpected output shape " + java.util.Arrays.toString(shape));
            }
            return new Images((int) shape[3], (int) shape[2], d);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
