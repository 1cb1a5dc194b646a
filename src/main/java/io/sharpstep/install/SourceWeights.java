package io.sharpstep.install;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.TensorShape;
import io.sharpstep.weights.DType;
import io.sharpstep.weights.LoraMerge;
import io.sharpstep.weights.SafetensorsFile;
import io.sharpstep.weights.StoredTensor;
import io.sharpstep.weights.TorchCheckpoint;
import io.sharpstep.weights.VaeNames;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The open source files of one build, and the merged value of any model parameter: the SD 2.1 tensor (VAE keys
 * under their current names), OSEDiff's tuned {@code conv_in} in its place, then its LoRA folded in
 * ({@link LoraMerge}), in that order, as {@code checkpoints.apply_update} does.
 */
final class SourceWeights implements AutoCloseable {
    /** Where the files of one build are. */
    record Paths(Path unet, Path vae, Path textEncoder, Path osediff) {
    }

    /** A parameter's value: the stored tensor itself, or merged float32 values. */
    record Value(long[] shape, StoredTensor stored, float[] merged) {
        float at(int i) {
            return merged != null ? merged[i] : stored.floatAt(i);
        }
    }

    private final SafetensorsFile unet;
    private final SafetensorsFile vae;
    private final SafetensorsFile text;
    private final OsediffWeights osediff;
    private final double loraAlpha;
    private final Map<String, String> vaeKeys = new HashMap<>();

    private SourceWeights(SafetensorsFile unet, SafetensorsFile vae, SafetensorsFile text, OsediffWeights osediff,
                          double loraAlpha) {
        this.unet = unet;
        this.vae = vae;
        this.text = text;
        this.osediff = osediff;
        this.loraAlpha = loraAlpha;
        for (String k : vae.names()) {
            String now = VaeNames.current(k);
            if (vaeKeys.put(now, k) != null) {
                throw new SharpStepException(SharpStepException.Kind.INPUT, vae.path().getFileName()
                        + " holds " + now + " under two names.");
            }
        }
    }

    static SourceWeights open(Paths p, TemplateSet templates) {
        SafetensorsFile u = null;
        SafetensorsFile v = null;
        SafetensorsFile t = null;
        TorchCheckpoint o = null;
        try {
            u = SafetensorsFile.open(p.unet());
            v = SafetensorsFile.open(p.vae());
            t = SafetensorsFile.open(p.textEncoder());
            o = TorchCheckpoint.open(p.osediff());
            return new SourceWeights(u, v, t, OsediffWeights.read(o, templates.osediff()),
                    templates.osediff().loraAlpha());
        } catch (RuntimeException e) {
            for (AutoCloseable c : new AutoCloseable[] {u, v, t, o}) {
                closeQuietly(c, e);
            }
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c, RuntimeException failure) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The value of {@code key} in {@code source} ("unet", "vae", "text_encoder"), of shape {@code shape}. */
    Value value(String source, String key, long[] shape) {
        Value v = switch (source) {
            case "unet" -> unetValue(key);
            case "vae" -> vaeValue(key);
            case "text_encoder" -> new Value(text.shape(key), checkedFloat(text, key), null);
            default -> throw new SharpStepException(SharpStepException.Kind.INTERNAL, "Unknown weight source "
                    + source + ".");
        };
        if (!Arrays.equals(v.shape(), shape)) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, "The " + source + " weights do not fit "
                    + "SD 2.1-base: expected " + key + " of shape " + TensorShape.format(shape) + ", found "
                    + TensorShape.format(v.shape()) + ".");
        }
        return v;
    }

    private Value unetValue(String key) {
        TorchCheckpoint.TensorRef replaced = osediff.unetReplace().get(key);
        StoredTensor base = replaced != null ? osediff.file().tensor(replaced, key) : checkedFloat(unet, key);
        if (replaced != null && unet.contains(key) && !Arrays.equals(unet.shape(key), base.shape())) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, "osediff.pkl does not fit SD 2.1-base: "
                    + "expected " + key + " of shape " + TensorShape.format(unet.shape(key)) + ", found "
                    + TensorShape.format(base.shape()) + ".");
        }
        return merged(key, base, osediff.unetLora(), osediff.unetRank());
    }

    private Value vaeValue(String key) {
        String fileKey = vaeKeys.get(key);
        if (fileKey == null) {
            throw missing(vae, key);
        }
        return merged(key, checkedFloat(vae, fileKey), osediff.vaeLora(), osediff.vaeRank());
    }

    private Value merged(String key, StoredTensor base, Map<String, OsediffWeights.Pair> lora, int rank) {
        String module = key.endsWith(".weight") ? key.substring(0, key.length() - ".weight".length()) : null;
        OsediffWeights.Pair pair = module == null ? null : lora.get(module);
        if (pair == null) {
            return new Value(base.shape(), base, null);
        }
        StoredTensor a = osediff.file().tensor(pair.a(), module + ".lora_A");
        StoredTensor b = osediff.file().tensor(pair.b(), module + ".lora_B");
        if (LoraMerge.rank(module, base.shape(), a.shape(), b.shape()) != rank) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, "osediff.pkl does not fit: expected LoRA rank "
                    + rank + " for " + module + ", found " + a.shape()[0] + ".");
        }
        return new Value(base.shape(), null, LoraMerge.merge(module, base, a, b, loraAlpha));
    }

    private static StoredTensor checkedFloat(SafetensorsFile f, String key) {
        if (!f.contains(key)) {
            throw missing(f, key);
        }
        StoredTensor t = f.tensor(key);
        if (!t.dtype().isFloat() || t.dtype() == DType.F64) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, f.path().getFileName() + " holds " + key
                    + " as " + t.dtype() + ", expected float32, float16 or bfloat16.");
        }
        return t;
    }

    private static SharpStepException missing(SafetensorsFile f, String key) {
        return new SharpStepException(SharpStepException.Kind.INPUT, f.path().getFileName()
                + " does not fit SD 2.1-base: it has no " + key + ".");
    }

    @Override
    public void close() {
        RuntimeException none = new RuntimeException();
        for (AutoCloseable c : new AutoCloseable[] {unet, vae, text, osediff.file()}) {
            closeQuietly(c, none);
        }
    }
}
