package io.sharpstep.install;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.weights.TorchCheckpoint;
import io.sharpstep.weights.TorchCheckpoint.TensorRef;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What OSEDiff's {@code osediff.pkl} changes in SD 2.1-base, read and checked as {@code models/export/checkpoints.py}
 * does: the LoRA pairs of the UNet's three adapters and of the VAE encoder, their ranks, and the fully tuned
 * {@code conv_in}; the modules holding LoRA weights must be exactly the ones listed, and those the graph
 * templates were made for.
 */
public final class OsediffWeights {
    static final List<String> KEYS = List.of("unet_lora_encoder_modules", "unet_lora_decoder_modules",
            "unet_lora_others_modules", "vae_lora_encoder_modules", "rank_unet", "rank_vae", "state_dict_unet",
            "state_dict_vae");
    private static final Pattern LORA = Pattern.compile("^(?<module>.+)\\.lora_(?<ab>[AB])(?:\\.[^.]+)?\\.weight$");

    /** A LoRA pair of one module. */
    public record Pair(TensorRef a, TensorRef b) {
    }

    private final TorchCheckpoint file;
    private final Map<String, Pair> unetLora;
    private final Map<String, Pair> vaeLora;
    private final Map<String, TensorRef> unetReplace;
    private final int unetRank;
    private final int vaeRank;

    private OsediffWeights(TorchCheckpoint file, Map<String, Pair> unetLora, Map<String, Pair> vaeLora,
                           Map<String, TensorRef> unetReplace, int unetRank, int vaeRank) {
        this.file = file;
        this.unetLora = unetLora;
        this.vaeLora = vaeLora;
        this.unetReplace = unetReplace;
        this.unetRank = unetRank;
        this.vaeRank = vaeRank;
    }

    /** Reads and checks the checkpoint against what the templates expect. The file stays open with this. */
    public static OsediffWeights read(TorchCheckpoint file, TemplateSet.OsediffSpec spec) {
        Path path = file.path();
        if (!(file.root() instanceof Map<?, ?> root)) {
            throw bad(path, "it holds no dict");
        }
        for (String k : KEYS) {
            TorchCheckpoint.field(root, k, path);
        }
        Map<?, ?> unetSd = dict(root.get("state_dict_unet"), "state_dict_unet", path);
        Map<?, ?> vaeSd = dict(root.get("state_dict_vae"), "state_dict_vae", path);
        Map<String, Pair> unet = pairs(unetSd, "state_dict_unet", path, true);
        Map<String, Pair> vae = pairs(vaeSd, "state_dict_vae", path, false);
        Map<String, TensorRef> replace = new TreeMap<>();
        for (Map.Entry<?, ?> e : unetSd.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!key.contains("lora")) {
                replace.put(key.replace(".base_layer", ""), tensor(e.getValue(), key, path));
            }
        }
        Set<String> listed = new TreeSet<>();
        for (String k : List.of("unet_lora_encoder_modules", "unet_lora_decoder_modules", "unet_lora_others_modules")) {
            listed.addAll(names(root.get(k), k, path));
        }
        checkSame(path, "the UNet's listed LoRA modules", listed, unet.keySet());
        checkSame(path, "the VAE's listed LoRA modules", new TreeSet<>(names(root.get("vae_lora_encoder_modules"),
                "vae_lora_encoder_modules", path)), vae.keySet());
        checkFits(path, "UNet LoRA modules", spec.unetLoraModules(), unet.keySet());
        checkFits(path, "VAE LoRA modules", spec.vaeLoraModules(), vae.keySet());
        checkFits(path, "fully tuned UNet tensors", spec.unetReplaced(), replace.keySet());
        int unetRank = rank(root.get("rank_unet"), "rank_unet", path);
        int vaeRank = rank(root.get("rank_vae"), "rank_vae", path);
        return new OsediffWeights(file, unet, vae, replace, unetRank, vaeRank);
    }

    private static Map<String, Pair> pairs(Map<?, ?> sd, String what, Path path, boolean allowConvIn) {
        Map<String, TensorRef[]> found = new TreeMap<>();
        for (Map.Entry<?, ?> e : sd.entrySet()) {
            String key = String.valueOf(e.getKey());
            Matcher m = LORA.matcher(key);
            if (!m.matches()) {
                if (!allowConvIn || key.contains("lora") || !key.contains("conv_in")) {
                    throw bad(path, "its " + what + " holds " + key + ", which is neither a LoRA nor a conv_in tensor");
                }
                continue;
            }
            TensorRef[] slot = found.computeIfAbsent(m.group("module"), k -> new TensorRef[2]);
            int i = m.group("ab").equals("A") ? 0 : 1;
            if (slot[i] != null) {
                throw bad(path, "module " + m.group("module") + " has two lora_" + m.group("ab") + " tensors");
            }
            slot[i] = tensor(e.getValue(), key, path);
        }
        Map<String, Pair> out = new TreeMap<>();
        for (Map.Entry<String, TensorRef[]> e : found.entrySet()) {
            if (e.getValue()[0] == null || e.getValue()[1] == null) {
                throw bad(path, "module " + e.getKey() + " has only one of lora_A and lora_B");
            }
            out.put(e.getKey(), new Pair(e.getValue()[0], e.getValue()[1]));
        }
        return out;
    }

    private static void checkSame(Path path, String what, Set<String> listed, Set<String> found) {
        if (!listed.equals(found)) {
            throw bad(path, what + " (" + listed.size() + ") differ from the modules with LoRA weights ("
                    + found.size() + ")");
        }
    }

    private static void checkFits(Path path, String what, Set<String> expected, Set<String> found) {
        if (!expected.equals(new HashSet<>(found))) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(found);
            Set<String> extra = new TreeSet<>(found);
            extra.removeAll(expected);
            throw new SharpStepException(SharpStepException.Kind.INPUT, path.getFileName() + " does not fit SD 2.1-base: "
                    + "expected " + expected.size() + " " + what + ", found " + found.size()
                    + (missing.isEmpty() ? "" : " (missing " + missing.iterator().next() + ")")
                    + (extra.isEmpty() ? "" : " (unexpected " + extra.iterator().next() + ")") + ".");
        }
    }

    private static Map<?, ?> dict(Object o, String what, Path path) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw bad(path, what + " is not a dict");
    }

    private static List<String> names(Object o, String what, Path path) {
        List<?> l = TorchCheckpoint.list(o, what, path);
        for (Object x : l) {
            if (!(x instanceof String)) {
                throw bad(path, what + " holds something that is not a module name");
            }
        }
        return l.stream().map(String.class::cast).toList();
    }

    private static int rank(Object o, String what, Path path) {
        if (o instanceof Number n && n.longValue() >= 1 && n.longValue() <= 4096) {
            return n.intValue();
        }
        throw bad(path, what + " is not a LoRA rank");
    }

    private static TensorRef tensor(Object o, String key, Path path) {
        if (o instanceof TensorRef t) {
            return t;
        }
        throw bad(path, key + " is not a tensor");
    }

    private static SharpStepException bad(Path path, String why) {
        return new SharpStepException(SharpStepException.Kind.INPUT, path.getFileName()
                + " is not an OSEDiff checkpoint: " + why + ".");
    }

    public TorchCheckpoint file() {
        return file;
    }

    public Map<String, Pair> unetLora() {
        return unetLora;
    }

    public Map<String, Pair> vaeLora() {
        return vaeLora;
    }

    public Map<String, TensorRef> unetReplace() {
        return unetReplace;
    }

    public int unetRank() {
        return unetRank;
    }

    public int vaeRank() {
        return vaeRank;
    }
}
