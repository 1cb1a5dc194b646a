package io.sharpstep.engine.pack;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.TensorShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one graph of a pack must declare, by role: how many inputs and outputs, their element types, ranks,
 * channel counts and fixed sizes. The same contract is checked against the ONNX header when packs are listed
 * ({@link PackGraphs}) and against ONNX Runtime's view when a session opens, so a pack that lists as usable
 * loads, and one that does not fails with the same sentence: "The X graph does not fit: expected A, found B."
 */
public sealed interface GraphContract permits GraphContract.Image, GraphContract.Denoiser {
    /** Smallest and largest fixed spatial side accepted; beyond the largest a fixed tile fits no memory. */
    int MIN_SIDE = 8;
    int MAX_SIDE = 4096;

    /** The role's name as model.json's graphs use it ("model", "encoder", "unet", "decoder"). */
    String role();

    /** Checks declared inputs and outputs; what the caller needs to feed the graph. */
    Binding check(List<GraphPort> inputs, List<GraphPort> outputs);

    /** How to feed a graph that passed its contract. */
    sealed interface Binding permits ImageBinding, DenoiserBinding {
    }

    /**
     * @param input        the image input's name
     * @param type         its element type
     * @param fixedSide    the square side the graph insists on, or −1 when its height and width are free
     * @param output       the image output's name
     * @param stats        the GroupNorm statistics the graph takes, or null
     * @param pixelWeights whether it also takes pixel weights for the statistics it returns (gn_weight)
     * @param keyChannels  the channels of its attention's keys and values when it takes them from outside
     *                     (attn_k, attn_v, attn_bias, attn_own; outputs attn_k_own, attn_v_own), else 0
     */
    record ImageBinding(String input, GraphPort.ElementType type, int fixedSide, String output,
                        GroupNormSpec stats, boolean pixelWeights, int keyChannels) implements Binding {
    }

    /** The names of a VAE graph's GroupNorm-statistics ports (models/export/gn_stats.py). */
    String GN_MEAN = "gn_mean";
    String GN_VAR = "gn_var";
    String GN_MIX = "gn_mix";
    String GN_WEIGHT = "gn_weight";
    String GN_STATS = "gn_stats";
    /** The names of a VAE graph's shared-attention ports (models/export/attn_kv.py). */
    String ATTN_K = "attn_k";
    String ATTN_V = "attn_v";
    String ATTN_BIAS = "attn_bias";
    String ATTN_OWN = "attn_own";
    String ATTN_K_OWN = "attn_k_own";
    String ATTN_V_OWN = "attn_v_own";

    /**
     * @param sample         the latent input's name and type
     * @param timestep       the timestep input's name
     * @param scalarTimestep whether the timestep is a scalar (else [1])
     * @param prompt         the text-embedding input's name and type
     */
    record DenoiserBinding(String sample, GraphPort.ElementType sampleType, String timestep,
                           boolean scalarTimestep, String prompt, GraphPort.ElementType promptType)
            implements Binding {
    }

    /** The contract of {@code role} in a pack with manifest {@code m}. */
    static GraphContract of(PackManifest m, String role) {
        if (m instanceof DirectManifest && role.equals("model")) {
            return new Image(role, 3, 3, m.scale(), 1, true, null);
        }
        if (m instanceof LatentManifest l) {
            LatentSpec latent = l.latent();
            switch (role) {
                case "encoder":
                    return new Image(role, 3, latent.channels(), 1, latent.factor(), false, latent.encoderStats());
                case "decoder":
                    return new Image(role, latent.channels(), 3, latent.factor(), 1, false, latent.decoderStats());
                case "unet":
                    return new Denoiser(latent.channels(), l.prompt().shape());
                default:
                    break;
            }
        }
        throw new SharpStepException(SharpStepException.Kind.PACK, "A " + m.kind().key() + " pack has no graph"
                + " role '" + role + "'.");
    }

    /**
     * One image-like input [1, inC, H, W] and one output [1, outC, H·num/den, W·num/den]: direct models, the
     * VAE encoder and decoder. A fixed size is allowed where the pipeline tiles to it (direct models) and must
     * then be square and sensible; the VAE graphs must have a free height and width. A VAE graph also takes its
     * GroupNorm statistics exactly when the manifest declares them ({@code stats}, else null).
     */
    record Image(String role, int inChannels, int outChannels, int num, int den, boolean fixedAllowed,
                 GroupNormSpec stats) implements GraphContract {
        @Override
        public Binding check(List<GraphPort> allInputs, List<GraphPort> allOutputs) {
            Checks c = new Checks(role);
            List<GraphPort> inputs = new ArrayList<>(allInputs);
            List<GraphPort> outputs = new ArrayList<>(allOutputs);
            boolean pixelWeights = stats != null && statistics(c, inputs, outputs);
            int keyChannels = keys(c, inputs, outputs);
            if (stats == null && inputs.stream().anyMatch(p -> p.name().startsWith("gn_"))) {
                throw c.mismatch("one input (model.json declares no GroupNorm statistics for the " + role + ")",
                        inputs.size() + " inputs " + sortedNames(inputs));
            }
            if (inputs.size() != 1) {
                throw c.mismatch("one input", inputs.size() + " inputs " + names(inputs));
            }
            if (outputs.size() != 1) {
                throw c.mismatch("one output", outputs.size() + " outputs " + names(outputs));
            }
            GraphPort in = inputs.get(0);
            GraphPort out = outputs.get(0);
            c.shape(in, "input", new long[] {1, inChannels, -1, -1});
            c.shape(out, "output", new long[] {1, outChannels, -1, -1});
            c.floating(in, "input");
            c.floating(out, "output");
            int side = c.side(in, "input", fixedAllowed);
            int outSide = c.side(out, "output", fixedAllowed);
            if (side > 0 && (long) side * num % den != 0) {
                throw c.mismatch("an input side divisible by " + den, in.describe());
            }
            if (side > 0 && outSide > 0 && outSide != (long) side * num / den) {
                throw c.mismatch("output " + TensorShape.format(new long[] {1, outChannels, (long) side * num / den,
                        (long) side * num / den}) + " for input " + TensorShape.format(in.shape()), out.describe());
            }
            return new ImageBinding(in.name(), in.type(), side, out.name(), stats, pixelWeights, keyChannels);
        }

        /**
         * The shared-attention ports, optional but all or none (like gn_weight, the graph says whether it has them):
         * takes them out of the lists and returns the keys' channel count, 0 without them.
         */
        private int keys(Checks c, List<GraphPort> inputs, List<GraphPort> outputs) {
            GraphPort[] ports = {take(inputs, ATTN_K), take(inputs, ATTN_V), take(inputs, ATTN_BIAS),
                    take(inputs, ATTN_OWN), take(outputs, ATTN_K_OWN), take(outputs, ATTN_V_OWN)};
            long present = java.util.Arrays.stream(ports).filter(java.util.Objects::nonNull).count();
            if (present == 0) {
                return 0;
            }
            String all = "inputs " + ATTN_K + ", " + ATTN_V + ", " + ATTN_BIAS + ", " + ATTN_OWN + " and outputs "
                    + ATTN_K_OWN + ", " + ATTN_V_OWN;
            if (present < ports.length) {
                List<String> found = java.util.Arrays.stream(ports).filter(java.util.Objects::nonNull)
                        .map(GraphPort::name).sorted().toList();
                throw c.mismatch(all + " together", "only " + String.join(", ", found));
            }
            long[] k = ports[0].shape();
            if (k == null || k.length != 3 || k[2] <= 0) {
                throw c.mismatch(ATTN_K + " [1, tokens, channels] with a fixed channel count", ports[0].describe());
            }
            long[] want = {1, -1, k[2]};
            c.float32(ports[0], want);
            c.float32(ports[1], want);
            c.float32(ports[2], new long[] {1, -1});
            c.float32(ports[3], new long[] {1});
            c.float32(ports[4], want);
            c.float32(ports[5], want);
            return (int) k[2];
        }

        /**
         * Checks the statistics ports the manifest declares and takes them out of the lists, so the image input
         * and output remain; whether the optional pixel weights are there.
         */
        private boolean statistics(Checks c, List<GraphPort> inputs, List<GraphPort> outputs) {
            String declared = " (model.json declares GroupNorm statistics for the " + role + ": " + stats.layers()
                    + " layers, " + stats.groups() + " groups)";
            GraphPort mean = take(inputs, GN_MEAN);
            GraphPort var = take(inputs, GN_VAR);
            GraphPort mix = take(inputs, GN_MIX);
            if (mean == null || var == null || mix == null) {
                List<GraphPort> all = new ArrayList<>(inputs);
                for (GraphPort p : new GraphPort[] {mean, var, mix}) {
                    if (p != null) {
                        all.add(p);
                    }
                }
                throw c.mismatch("inputs " + GN_MEAN + ", " + GN_VAR + " and " + GN_MIX + declared,
                        "inputs " + sortedNames(all));
            }
            GraphPort out = take(outputs, GN_STATS);
            if (out == null) {
                throw c.mismatch("an output " + GN_STATS + declared, "outputs " + sortedNames(outputs));
            }
            long l = stats.layers();
            long g = stats.groups();
            c.float32(mean, new long[] {l, g});
            c.float32(var, new long[] {l, g});
            c.float32(mix, new long[] {l});
            c.float32(out, new long[] {l, 2, g});
            GraphPort weight = take(inputs, GN_WEIGHT);
            if (weight != null) {
                c.float32(weight, new long[] {1, 1, -1, -1});
            }
            return weight != null;
        }

        private static GraphPort take(List<GraphPort> ports, String name) {
            for (int i = 0; i < ports.size(); i++) {
                if (ports.get(i).name().equals(name)) {
                    return ports.remove(i);
                }
            }
            return null;
        }
    }

    /**
     * The UNet: sample [1,C,h,w], timestep int64 [1] or scalar, encoder_hidden_states of the prompt's shape;
     * one output [1,C,h,w]. Inputs are recognised by name, failing that by type and rank.
     */
    record Denoiser(int channels, long[] promptShape) implements GraphContract {
        @Override
        public String role() {
            return "unet";
        }

        @Override
        public Binding check(List<GraphPort> inputs, List<GraphPort> outputs) {
            Checks c = new Checks(role());
            if (inputs.size() != 3) {
                throw c.mismatch("3 inputs (sample, timestep, encoder_hidden_states)", inputs.size() + " "
                        + names(inputs));
            }
            GraphPort sample = null;
            GraphPort timestep = null;
            GraphPort prompt = null;
            for (GraphPort p : inputs) {
                String name = p.name().toLowerCase(Locale.ROOT);
                if (name.contains("time") || p.type() == GraphPort.ElementType.INT64 && !name.contains("sample")) {
                    timestep = p;
                } else if (name.contains("hidden") || name.contains("context")
                        || p.shape() != null && p.shape().length == 3) {
                    prompt = p;
                } else {
                    sample = p;
                }
            }
            if (sample == null || timestep == null || prompt == null) {
                throw c.mismatch("inputs sample, timestep, encoder_hidden_states", names(inputs));
            }
            c.shape(sample, "sample", new long[] {1, channels, -1, -1});
            c.floating(sample, "sample");
            c.side(sample, "sample", false);
            if (timestep.type() != GraphPort.ElementType.INT64) {
                throw c.mismatch("timestep of int64", timestep.name() + " of " + timestep.type());
            }
            long[] ts = timestep.shape();
            boolean scalar = ts != null && ts.length == 0;
            if (ts != null && !scalar && !(ts.length == 1 && ts[0] <= 1)) {
                throw c.mismatch("timestep [1] or a scalar", timestep.describe());
            }
            c.shape(prompt, "encoder_hidden_states", promptShape.clone());
            c.floating(prompt, "encoder_hidden_states");
            if (outputs.size() != 1) {
                throw c.mismatch("one output", outputs.size() + " outputs " + names(outputs));
            }
            c.shape(outputs.get(0), "output", new long[] {1, channels, -1, -1});
            c.floating(outputs.get(0), "output");
            return new DenoiserBinding(sample.name(), sample.type(), timestep.name(), scalar, prompt.name(),
                    prompt.type());
        }
    }

    private static String names(List<GraphPort> ports) {
        return ports.stream().map(GraphPort::name).toList().toString();
    }

    private static String sortedNames(List<GraphPort> ports) {
        return ports.stream().map(GraphPort::name).sorted().toList().toString();
    }

    /** The checks the roles share, each failing with the role's sentence. */
    final class Checks {
        private final String role;

        Checks(String role) {
            this.role = role;
        }

        SharpStepException mismatch(String expected, String found) {
            return new SharpStepException(SharpStepException.Kind.PACK, "The " + role + " graph does not fit:"
                    + " expected " + expected + ", found " + found + ".");
        }

        /** Rank and the sizes that must match (−1 in {@code want} = any; a free size matches anything). */
        void shape(GraphPort p, String label, long[] want) {
            long[] s = p.shape();
            boolean ok = s != null && s.length == want.length;
            for (int i = 0; ok && i < s.length; i++) {
                ok = want[i] < 0 || s[i] < 0 || s[i] == want[i];
            }
            if (!ok) {
                throw mismatch(label + " " + TensorShape.format(want), p.describe());
            }
        }

        /** A float32 tensor of exactly {@code want} (−1 = any size there). */
        void float32(GraphPort p, long[] want) {
            long[] s = p.shape();
            boolean ok = s != null && s.length == want.length;
            for (int i = 0; ok && i < s.length; i++) {
                ok = want[i] < 0 || s[i] == want[i];
            }
            if (!ok) {
                throw mismatch(p.name() + " " + TensorShape.format(want), p.describe());
            }
            if (p.type() != GraphPort.ElementType.FLOAT) {
                throw mismatch(p.name() + " of float32", p.name() + " of " + p.type());
            }
        }

        void floating(GraphPort p, String label) {
            if (!p.type().floating()) {
                throw mismatch(label + " of float or float16", p.name() + " of " + p.type());
            }
        }

        /** The fixed square side of a rank-4 port, or −1 when height and width are both free. */
        int side(GraphPort p, String label, boolean fixedAllowed) {
            long h = p.shape()[2];
            long w = p.shape()[3];
            if (h < 0 && w < 0) {
                return -1;
            }
            if (!fixedAllowed) {
                throw mismatch(label + " of free height and width", p.describe());
            }
            if (h != w) {
                throw mismatch("a square " + label + " or a free height and width", p.describe());
            }
            if (h < MIN_SIDE || h > MAX_SIDE) {
                throw mismatch("a fixed " + label + " side between " + MIN_SIDE + " and " + MAX_SIDE,
                        p.describe());
            }
            return (int) h;
        }
    }
}
