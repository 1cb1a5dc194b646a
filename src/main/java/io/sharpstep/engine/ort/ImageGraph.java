package io.sharpstep.engine.ort;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.ops.KeyValues;
import io.sharpstep.engine.ops.NormStats;
import io.sharpstep.engine.pack.GraphContract;
import io.sharpstep.engine.pack.GroupNormSpec;
import io.sharpstep.engine.pack.ModelPack;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A graph with one image-like input [1, inC, H, W] and one output [1, outC, H·num/den, W·num/den]: the VAE
 * encoder (÷8), the VAE decoder (×8) and direct models (×scale) all have this form (see
 * {@link GraphContract.Image}). A VAE graph may also take its GroupNorm statistics ({@link GroupNormSpec}: inputs
 * gn_mean, gn_var, gn_mix, optionally gn_weight; output gn_stats), exactly when the pack's manifest says so.
 */
abstract class ImageGraph extends ModelSession {
    /**
     * One tile's output; for graphs that take statistics its gn_stats [layers, 2, groups] (else null); for graphs
     * that take attention keys, run with their own, those keys (else null).
     */
    record Output(float[] data, float[] gnStats, KeyValues keys) {
    }

    private final TensorIo.Staging staging = new TensorIo.Staging();
    private final int inChannels;
    private final int outChannels;
    private final int num;
    private final int den;
    private final Timings.Part part;
    private final String inputName;
    private final String outputName;
    private final OnnxJavaType inputType;
    private final int fixedSide;
    private final GroupNormSpec stats;
    private final boolean pixelWeights;
    private final int keyChannels;

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
        this.outputName = b.output();
        this.inputType = javaType(b.type());
        this.fixedSide = b.fixedSide();
        this.stats = b.stats();
        this.pixelWeights = b.pixelWeights();
        this.keyChannels = b.keyChannels();
    }

    /** The square side the graph insists on, if any (the contract refuses any other fixed size). */
    final OptionalInt fixedSide() {
        return fixedSide > 0 ? OptionalInt.of(fixedSide) : OptionalInt.empty();
    }

    /** The statistics this graph takes, or null. */
    public GroupNormSpec statistics() {
        return stats;
    }

    /** Whether the graph takes pixel weights (gn_weight), which exact pooling over tile cores needs. */
    public boolean takesPixelWeights() {
        return pixelWeights;
    }

    /** Whether the graph's attention can attend to given keys and values (attn_k, attn_v). */
    public boolean takesKeys() {
        return keyChannels > 0;
    }

    /** Runs one tile: {@code chw} is [inC, h, w]; returns [outC, h·num/den, w·num/den]. */
    final float[] apply(float[] chw, int w, int h, RunContext ctx) {
        return apply(chw, w, h, null, null, null, false, ctx).data();
    }

    /**
     * Runs one tile with GroupNorm statistics: {@code given} null = each layer its own (gn_mix 0), else every
     * layer normalised with {@code given} (gn_mix 1); {@code keys} null = the attention attends to the tile's own
     * keys and values only, else as {@code keys} says; the run's own keys are returned when {@code keys} is null or
     * {@code weights} is given (a statistics pass); {@code weights}
     * [lh·lw] at the latent resolution (the smaller of input and output), null = all ones. Graphs without
     * these inputs accept only nulls.
     */
    final Output apply(float[] chw, int w, int h, NormStats given, KeyValues.TileKeys keys, float[] weights,
                       RunContext ctx) {
        return apply(chw, w, h, given, keys, weights, keys == null || weights != null, ctx);
    }

    /**
     * As above; {@code ownKeys}: read the run's own keys (only the runs that others attend to need them: an
     * estimate's, or the statistics passes' that gather them from the tiles' cores).
     */
    private Output apply(float[] chw, int w, int h, NormStats given, KeyValues.TileKeys keys, float[] weights,
                         boolean ownKeys, RunContext ctx) {
        if ((long) w * num % den != 0 || (long) h * num % den != 0) {
            throw new IllegalArgumentException(role() + " tile " + w + "x" + h + " not divisible by " + den);
        }
        if (stats == null && (given != null || weights != null) || weights != null && !pixelWeights
                || keys != null && keys.keys().channels() != keyChannels) {
            throw new IllegalStateException("the " + role() + " graph takes no such statistics input");
        }
        long ow = (long) w * num / den;
        long oh = (long) h * num / den;
        long[] shape = {1, inChannels, h, w};
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            feeds.put(inputName, ctx.timings().time(Timings.Part.TENSOR, () -> create(chw, shape)));
            int lw = (int) Math.min(w, ow);
            int lh = (int) Math.min(h, oh);
            if (stats != null) {
                statisticsFeeds(feeds, given, weights, lw, lh);
            }
            if (keyChannels > 0) {
                keyFeeds(feeds, keys);
            }
            // A run with pixel weights is an exact-statistics pass: its image is not the photo's, and the layers
            // whose statistics are not settled yet may well overflow.
            boolean checked = weights == null;
            try (OrtSession.Result r = run(feeds, ctx, part)) {
                float[] data = ctx.timings().time(Timings.Part.TENSOR,
                        () -> read(r.get(outputName).orElseThrow(), outChannels * ow * oh, checked));
                float[] gn = stats == null ? null
                        : read(r.get(GraphContract.GN_STATS).orElseThrow(), 2L * stats.size(), checked);
                KeyValues own = keyChannels == 0 || !ownKeys ? null : new KeyValues(lw, lh, keyChannels,
                        read(r.get(GraphContract.ATTN_K_OWN).orElseThrow(), (long) lw * lh * keyChannels, checked),
                        read(r.get(GraphContract.ATTN_V_OWN).orElseThrow(), (long) lw * lh * keyChannels, checked));
                return new Output(data, gn, own);
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
        Arrays.fill(mix, given == null ? 0f : 1f);
        feeds.put(GraphContract.GN_MEAN, statsTensor(given == null ? new float[l * g] : given.mean(),
                new long[] {l, g}));
        feeds.put(GraphContract.GN_VAR, statsTensor(given == null ? new float[l * g] : given.var(),
                new long[] {l, g}));
        feeds.put(GraphContract.GN_MIX, statsTensor(mix, new long[] {l}));
        if (pixelWeights) {
            float[] wts = weights;
            if (wts == null) {
                wts = new float[lw * lh];
                Arrays.fill(wts, 1f);
            } else if (wts.length != lw * lh) {
                throw new IllegalArgumentException("pixel weights of " + wts.length + " values for " + lw + "x" + lh);
            }
            feeds.put(GraphContract.GN_WEIGHT, statsTensor(wts, new long[] {1, 1, lh, lw}));
        }
    }

    /** Given keys, else one token of zeros left out (bias −∞, weighed exp(−∞) = 0: the plain graph). */
    private void keyFeeds(Map<String, OnnxTensor> feeds, KeyValues.TileKeys keys) {
        KeyValues.TileKeys k = keys != null ? keys : new KeyValues.TileKeys(new KeyValues(1, 1, keyChannels,
                new float[keyChannels], new float[keyChannels]), new float[] {Float.NEGATIVE_INFINITY}, 0f);
        int n = k.keys().tokens();
        long[] shape = {1, n, keyChannels};
        feeds.put(GraphContract.ATTN_K, statsTensor(k.keys().keys(), shape));
        feeds.put(GraphContract.ATTN_V, statsTensor(k.keys().values(), shape));
        feeds.put(GraphContract.ATTN_BIAS, statsTensor(k.bias(), new long[] {1, n}));
        feeds.put(GraphContract.ATTN_OWN, statsTensor(new float[] {k.own()}, new long[] {1}));
    }

    private static OnnxTensor statsTensor(float[] data, long[] shape) {
        try {
            return TensorIo.floats(data, shape, OnnxJavaType.FLOAT);
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.MODEL, "Cannot pass GroupNorm statistics to the "
                    + "model.", e);
        }
    }

    private OnnxTensor create(float[] chw, long[] shape) {
        try {
            return TensorIo.floats(chw, shape, inputType, staging);
        } catch (OrtException e) {
            throw new SharpStepException(SharpStepException.Kind.MODEL, "Cannot pass a tile to the " + role()
                    + " model.", e);
        }
    }
}
