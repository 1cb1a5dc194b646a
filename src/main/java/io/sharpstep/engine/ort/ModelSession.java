package io.sharpstep.engine.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.core.Precision;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.pack.GraphContract;
import io.sharpstep.engine.pack.GraphHeader;
import io.sharpstep.engine.pack.GraphPort;
import io.sharpstep.engine.pack.ModelPack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One graph of a pack in one ONNX Runtime session. Before the session is made, the file must lie inside the
 * pack and its ONNX header must fit the role's {@link GraphContract}; once it is made, ONNX Runtime's view of
 * the inputs and outputs is checked against the same contract. Runs stop when cancelled, runtime failures
 * become readable sentences, and outputs that are not numbers (NaN, infinity) fail naming the pack. The
 * session options live as long as the session and are closed with it. Subclasses are the model roles.
 */
public abstract class ModelSession implements AutoCloseable {
    private final ModelPack pack;
    private final String role;
    private final DeviceInfo device;
    private final OrtRuntime.Opened opened;
    private final GraphContract.Binding binding;
    private volatile boolean closed;

    /**
     * @param role the graph's role, as model.json's {@code graphs} names it
     */
    ModelSession(ModelPack pack, String role, DeviceInfo device) {
        this.pack = pack;
        this.role = role;
        this.device = device;
        GraphContract contract = GraphContract.of(pack.manifest(), role);
        Path file = pack.file(pack.manifest().graphs().get(role));
        GraphHeader header = GraphHeader.read(file, pack.id());
        contract.check(header.inputs(), header.outputs());
        this.opened = OrtRuntime.open(file, device);
        try {
            this.binding = contract.check(ports(opened.session().getInputInfo()),
                    ports(opened.session().getOutputInfo()));
        } catch (OrtException e) {
            closeQuietly();
            throw new SharpStepException(SharpStepException.Kind.PACK, "Cannot read the inputs and outputs of the "
                    + role + " graph.", e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** ONNX Runtime's description of inputs or outputs, in the contract's terms. */
    private static List<GraphPort> ports(Map<String, NodeInfo> nodes) {
        List<GraphPort> out = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            if (n.getInfo() instanceof TensorInfo t) {
                GraphPort.ElementType type = t.type == OnnxJavaType.FLOAT ? GraphPort.ElementType.FLOAT
                        : t.type == OnnxJavaType.FLOAT16 ? GraphPort.ElementType.FLOAT16
                        : t.type == OnnxJavaType.INT64 ? GraphPort.ElementType.INT64 : GraphPort.ElementType.OTHER;
                out.add(new GraphPort(n.getName(), type, t.getShape()));
            } else {
                out.add(new GraphPort(n.getName(), GraphPort.ElementType.OTHER, null));
            }
        }
        return out;
    }

    /**
     * Runs a further check (subclass constructors call it last); on failure the session is closed before the
     * error goes on.
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

    /** "model" for a direct pack's one graph, else e.g. "unet model". */
    private String label() {
        return role.equals("model") ? "model" : role + " model";
    }

    /** How the contract says to feed this graph. */
    final GraphContract.Binding binding() {
        return binding;
    }

    /** The element type ONNX Runtime reports for input {@code name}. */
    final OnnxJavaType inputType(String name) {
        try {
            return ((TensorInfo) opened.session().getInputInfo().get(name).getInfo()).type;
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "Cannot read the inputs of the " + role
                    + " graph.", e);
        }
    }

    static OnnxJavaType javaType(GraphPort.ElementType t) {
        return t == GraphPort.ElementType.FLOAT16 ? OnnxJavaType.FLOAT16 : OnnxJavaType.FLOAT;
    }

    /** Whether the session options are still open (they must be as long as the session is). */
    final boolean optionsOpen() {
        return opened.optionsOpen();
    }

    /** Runs the graph, booking the time to {@code part}; the caller closes the returned result. */
    final OrtSession.Result run(Map<String, OnnxTensor> feeds, RunContext ctx, Timings.Part part) {
        ctx.cancel().check();
        long t0 = System.nanoTime();
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            Runnable stop = () -> terminate(options);
            ctx.cancel().onCancel(stop);
            try {
                return opened.session().run(feeds, options);
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

    /** The output's values as float, failing with one sentence naming the pack if any is NaN or infinite. */
    final float[] read(OnnxValue value, long expectedElements) {
        return TensorIo.read(value, expectedElements, "The " + role + " model", this::notFinite);
    }

    private SharpStepException notFinite() {
        boolean fp16 = pack.manifest().precision() == Precision.FP16;
        return new SharpStepException(SharpStepException.Kind.MODEL, "The model pack '" + pack.id()
                + "' produced values that are not numbers (NaN or infinity) in its " + role + " graph"
                + (fp16 ? ": float16 packs can overflow, so try the pack's fp32 variant."
                : ", so it cannot enlarge this photo."));
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
                    : SharpStepException.Kind.MEMORY, where + " ran out of memory in the " + label()
                    + ": choose a smaller tile size" + (device.used() == DeviceKind.CUDA ? " or the CPU" : "")
                    + ".", e);
        }
        return new SharpStepException(SharpStepException.Kind.MODEL, "The " + label() + " failed: "
                + OrtRuntime.clean(msg) + ".", e);
    }

    private void closeQuietly() {
        try {
            opened.close();
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
            opened.close();
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.INTERNAL, "Cannot release the " + role + " model.", e);
        }
    }
}
