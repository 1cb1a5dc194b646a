package io.sharpstep.engine.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.TensorShape;
import io.sharpstep.core.Timings;

import java.nio.file.Path;
import java.util.Map;

/**
 * One graph of a pack in one ONNX Runtime session: checks its declared inputs and outputs when it opens,
 * runs it so that cancellation stops a run in flight, and turns runtime failures into readable sentences.
 * Subclasses are the model roles (encoder, UNet, decoder, direct model).
 */
public abstract class ModelSession implements AutoCloseable {
    private final OrtSession session;
    private final String role;
    private final DeviceInfo device;
    private volatile boolean closed;

    ModelSession(Path file, String role, DeviceInfo device) {
        this.role = role;
        this.device = device;
        this.session = OrtRuntime.open(file, device);
    }

    /**
     * Runs the role's contract check (subclass constructors call it last); on failure the session is closed
     * before the error goes on.
     */
    final void checkContract(Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    final String role() {
        return role;
    }

    final Map<String, NodeInfo> inputs() {
        try {
            return session.getInputInfo();
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "Cannot read the inputs of the " + role + " graph.", e);
        }
    }

    final Map<String, NodeInfo> outputs() {
        try {
            return session.getOutputInfo();
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "Cannot read the outputs of the " + role + " graph.", e);
        }
    }

    /** The tensor description of a node, failing with the contract if it is not a tensor. */
    final TensorInfo tensor(NodeInfo node, String expected) {
        if (node.getInfo() instanceof TensorInfo t) {
            return t;
        }
        throw mismatch(expected, node.getInfo().toString());
    }

    final SharpStepException mismatch(String expected, String found) {
        return new SharpStepException(SharpStepException.Kind.PACK, "The " + role + " graph does not fit: expected " + expected + ", found "
                + found + ".");
    }

    /** Checks rank and the fixed sizes that must match (−1 in {@code want} = any). */
    final TensorInfo expectShape(NodeInfo node, String label, long[] want, boolean floating) {
        TensorInfo t = tensor(node, label);
        long[] s = t.getShape();
        boolean ok = s.length == want.length;
        for (int i = 0; ok && i < s.length; i++) {
            ok = want[i] < 0 || s[i] < 0 || s[i] == want[i];
        }
        if (!ok) {
            throw mismatch(label + " " + TensorShape.format(want), node.getName() + " " + TensorShape.format(s));
        }
        if (floating && t.type != OnnxJavaType.FLOAT && t.type != OnnxJavaType.FLOAT16) {
            throw mismatch(label + " of float or float16", node.getName() + " of " + t.type);
        }
        return t;
    }

    /** Runs the graph, booking the time to {@code part}; the caller closes the returned result. */
    final OrtSession.Result run(Map<String, OnnxTensor> feeds, RunContext ctx, Timings.Part part) {
        ctx.cancel().check();
        long t0 = System.nanoTime();
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            Runnable stop = () -> terminate(options);
            ctx.cancel().onCancel(stop);
            try {
                return session.run(feeds, options);
            } finally {
                ctx.cancel().remove(stop);
            }
        } catch (OrtException e) {
            ctx.cancel().check();
            throw runFailure(e);
        } finally {
            ctx.timings().add(part, System.nanoTime() - t0);
        }
    }

    private static void terminate(OrtSession.RunOptions options) {
        try {
            options.setTerminate(true);
        } catch (OrtException ignored) {
            // The run is over or the options are closed: nothing left to stop.
        }
    }

    private SharpStepException runFailure(OrtException e) {
        String msg = String.valueOf(e.getMessage());
        String lower = msg.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("out of memory") || lower.contains("failed to allocate")
                || lower.contains("bad_alloc") || lower.contains("cudaerrormemoryallocation")) {
            String where = device.used() == DeviceKind.CUDA ? "The GPU" : "The computer";
            return new SharpStepException(device.used() == DeviceKind.CUDA ? SharpStepException.Kind.GPU_MEMORY
                    : SharpStepException.Kind.MEMORY, where + " ran out of memory in the " + role
                    + " model: choose a smaller tile size" + (device.used() == DeviceKind.CUDA ? " or the CPU" : "")
                    + ".", e);
        }
        return new SharpStepException(SharpStepException.Kind.MODEL, "The " + role + " model failed: " + OrtRuntime.firstLine(e) + ".", e);
    }

    private void closeQuietly() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Closing after a failed check: the check's error is the one to report.
        }
    }

    /** Whether {@link #close()} has released the session. */
    public final boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.INTERNAL, "Cannot release the " + role + " model.", e);
        }
    }
}
