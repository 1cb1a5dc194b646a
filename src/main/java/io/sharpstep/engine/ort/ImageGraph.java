package io.sharpstep.engine.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.ops.NormStats;
import io.sharpstep.engine.pack.GroupNormSpec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A graph with one image-like input [1, inC, H, W] and one output [1, outC, H·num/den, W·num/den]: the VAE
 * encoder (÷8), the VAE decoder (×8) and direct models (×scale) all have this form. A VAE graph may also take
 * its GroupNorm statistics ({@link GroupNormSpec}: inputs gn_mean, gn_var, gn_mix, optionally gn_weight;
 * output gn_stats), exactly when the pack's manifest says so.
 */
abstract class ImageGraph extends ModelSession {
    static final String GN_MEAN = "gn_mean";
    static final String GN_VAR = "gn_var";
    static final String GN_MIX = "gn_mix";
    static final String GN_WEIGHT = "gn_weight";
    static final String GN_STATS = "gn_stats";
    private static final List<String> GN_INPUTS = List.of(GN_MEAN, GN_VAR, GN_MIX, GN_WEIGHT);

    /** One tile's output and, for graphs that take statistics, its gn_stats [layers, 2, groups] (else null). */
    record Output(float[] data, float[] gnStats) {
    }

    private final int inChannels;
    private final int outChannels;
    private final int num;
    private final int den;
    private final Timings.Part part;
    private final GroupNormSpec stats;
    private boolean pixelWeights;
    private String outputName;
    private String inputName;
    private OnnxJavaType inputType;
    private long fixedH = -1;
    private long fixedW = -1;

    ImageGraph(Path file, String role, DeviceInfo device, int inChannels, int outChannels, int num, int den,
               Timings.Part part) {
        this(file, role, device, inChannels, outChannels, num, den, part, null);
    }

    /** {@code stats}: the statistics the manifest declares for this graph, or null. */
    ImageGraph(Path file, String role, DeviceInfo device, int inChannels, int outChannels, int num, int den,
               Timings.Part part, GroupNormSpec stats) {
        super(file, role, device);
        this.stats = stats;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.num = num;
        this.den = den;
        this.part = part;
        checkContract(this::validate);
    }

    private void validate() {
        Map<String, NodeInfo> in = new HashMap<>(inputs());
        Map<String, NodeInfo> out = new HashMap<>(outputs());
        if (stats != null) {
            validateStatistics(in, out);
        }
        TreeSet<String> extra = new TreeSet<>(in.keySet());
        extra.retainAll(GN_INPUTS);
        if (stats == null && !extra.isEmpty()) {
            throw mismatch("one input (model.json declares no GroupNorm statistics for the " + role() + ")",
                    in.size() + " inputs " + new TreeSet<>(in.keySet()));
        }
        if (in.size() != 1) {
            throw mismatch("one input", in.size() + " inputs " + in.keySet());
        }
        if (out.size() != 1) {
            throw mismatch("one output", out.size() + " outputs " + out.keySet());
        }
        NodeInfo input = in.values().iterator().next();
        var info = expectShape(input, "input", new long[] {1, inChannels, -1, -1}, true);
        NodeInfo output = out.values().iterator().next();
        expectShape(output, "output", new long[] {1, outChannels, -1, -1}, true);
        inputName = input.getName();
        outputName = output.getName();
        inputType = info.type;
        fixedH = info.getShape()[2];
        fixedW = info.getShape()[3];
    }

    /** Checks and removes the statistics inputs and output, so the image input and output remain. */
    private void validateStatistics(Map<String, NodeInfo> in, Map<String, NodeInfo> out) {
        String declared = " (model.json declares GroupNorm statistics for the " + role() + ": " + stats.layers()
                + " layers, " + stats.groups() + " groups)";
        for (String name : List.of(GN_MEAN, GN_VAR, GN_MIX)) {
            if (!in.containsKey(name)) {
                throw mismatch("inputs " + GN_MEAN + ", " + GN_VAR + " and " + GN_MIX + declared,
                        "inputs " + new TreeSet<>(in.keySet()));
            }
        }
        if (!out.containsKey(GN_STATS)) {
            throw mismatch("an output " + GN_STATS + declared, "outputs " + new TreeSet<>(out.keySet()));
        }
        long l = stats.layers();
        long g = stats.groups();
        expectFloat32(in.remove(GN_MEAN), new long[] {l, g});
        expectFloat32(in.remove(GN_VAR), new long[] {l, g});
        expectFloat32(in.remove(GN_MIX), new long[] {l});
        expectFloat32(out.remove(GN_STATS), new long[] {l, 2, g});
        pixelWeights = in.containsKey(GN_WEIGHT);
        if (pixelWeights) {
            expectFloat32(in.remove(GN_WEIGHT), new long[] {1, 1, -1, -1});
        }
    }

    private void expectFloat32(NodeInfo node, long[] shape) {
        var t = expectShape(node, node.getName(), shape, true);
        long[] s = t.getShape();
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0 && s[i] != shape[i]) {
                throw mismatch(node.getName() + " " + io.sharpstep.core.TensorShape.format(shape),
                        node.getName() + " " + io.sharpstep.core.TensorShape.format(s));
            }
        }
        if (t.type != OnnxJavaType.FLOAT) {
            throw mismatch(node.getName() + " of float32", node.getName() + " of " + t.type);
        }
    }

    /** The statistics this graph takes, or null. */
    public GroupNormSpec statistics() {
        return stats;
    }

    /** Whether the graph takes pixel weights (gn_weight), which exact pooling over tile cores needs. */
    public boolean takesPixelWeights() {
        return pixelWeights;
    }

    /** The side length the graph insists on, or −1 when its spatial size is free. */
    final int fixedSide() {
        return fixedH > 0 && fixedH == fixedW ? (int) fixedH : (fixedH > 0 || fixedW > 0 ? -2 : -1);
    }

    /** Runs one tile: {@code chw} is [inC, h, w]; returns [outC, h·num/den, w·num/den]. */
    final float[] apply(float[] chw, int w, int h, RunContext ctx) {
        return apply(chw, w, h, null, null, ctx).data();
    }

    /**
     * Runs one tile with GroupNorm statistics: {@code given} null = each layer its own (gn_mix 0), else every
     * layer normalised with {@code given} (gn_mix 1); {@code weights} [lh·lw] at the latent resolution (the
     * smaller of input and output), null = all ones. Graphs without statistics accept only nulls.
     */
    final Output apply(float[] chw, int w, int h, NormStats given, float[] weights, RunContext ctx) {
        if ((long) w * num % den != 0 || (long) h * num % den != 0) {
            throw new IllegalArgumentException(role() + " tile " + w + "x" + h + " not divisible by " + den);
        }
        if (stats == null && (given != null || weights != null) || weights != null && !pixelWeights) {
            throw new IllegalStateException("the " + role() + " graph takes no such statistics input");
        }
        long ow = (long) w * num / den;
        long oh = (long) h * num / den;
        long[] shape = {1, inChannels, h, w};
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            feeds.put(inputName, ctx.timings().time(Timings.Part.TENSOR, () -> create(chw, shape)));
            if (stats != null) {
                statisticsFeeds(feeds, given, weights, (int) Math.min(w, ow), (int) Math.min(h, oh));
            }
            try (OrtSession.Result r = run(feeds, ctx, part)) {
                float[] data = ctx.timings().time(Timings.Part.TENSOR, () -> TensorIo.read(
                        r.get(outputName).orElseThrow(), outChannels * ow * oh, "The " + role() + " model"));
                float[] gn = stats == null ? null : TensorIo.read(r.get(GN_STATS).orElseThrow(),
                        2L * stats.size(), "The " + role() + " model's " + GN_STATS);
                return new Output(data, gn);
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private void statisticsFeeds(Map<String, OnnxTensor> feeds, NormStats given, float[] weights, int lw, int lh) {
        int l = stats.layers();
        int g = stats.groups();
        if (given != null && (given.layers() != l || given.groups() != g)) {
            throw new IllegalArgumentException("statistics of " + given.layers() + "x" + given.groups() + " for a "
                    + l + "x" + g + " graph");
        }
        float[] mix = new float[l];
        java.util.Arrays.fill(mix, given == null ? 0f : 1f);
        feeds.put(GN_MEAN, statsTensor(given == null ? new float[l * g] : given.mean(), new long[] {l, g}));
        feeds.put(GN_VAR, statsTensor(given == null ? new float[l * g] : given.var(), new long[] {l, g}));
        feeds.put(GN_MIX, statsTensor(mix, new long[] {l}));
        if (pixelWeights) {
            float[] wts = weights;
            if (wts == null) {
                wts = new float[lw * lh];
                java.util.Arrays.fill(wts, 1f);
            } else if (wts.length != lw * lh) {
                throw new IllegalArgumentException("pixel weights of " + wts.length + " values for " + lw + "x" + lh);
            }
            feeds.put(GN_WEIGHT, statsTensor(wts, new long[] {1, 1, lh, lw}));
        }
    }

    private static OnnxTensor statsTensor(float[] data, long[] shape) {
        try {
            return TensorIo.floats(data, shape, OnnxJavaType.FLOAT);
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.MODEL, "Cannot pass GroupNorm statistics to the model.", e);
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
