package io.sharpstep.engine.pack;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.Precision;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.TensorShape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sharpstep.engine.ops.NoiseSchedule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks a pack's {@code model.json}: every problem is reported as "expected X, found Y" with the
 * pack named, and files the manifest names must exist (the prompt file with the exact size).
 */
public final class ManifestReader {
    public static final String MANIFEST = "model.json";
    private static final List<String> LATENT_GRAPHS = List.of("encoder", "unet", "decoder");
    private static final List<String> DIRECT_GRAPHS = List.of("model");

    private ManifestReader() {
    }

    /** Loads the pack in {@code dir} (which must hold model.json). */
    public static ModelPack load(Path dir) {
        String id = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        JsonObject root = ManifestJson.parse(PackFiles.inside(dir, MANIFEST, id), id);
        Reader r = new Reader(id);
        PackManifest m = r.manifest(root);
        for (String graph : m.graphs().values()) {
            r.requireFile(dir, graph);
        }
        if (m instanceof LatentManifest latent) {
            PromptSpec spec = latent.prompt();
            Path prompt = r.requireFile(dir, spec.file());
            long expected = spec.elements() * 4;
            long found = size(prompt);
            if (found != expected) {
                throw r.fail(spec.file() + " of " + expected + " bytes (float32 " + TensorShape.format(spec.shape())
                        + ")", found + " bytes");
            }
        }
        return new ModelPack(id, dir, m);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "Cannot read " + p + ".", e);
        }
    }

    /** Field-by-field checks, each failure naming the pack. */
    private record Reader(String id) {
        SharpStepException fail(String expected, String found) {
            return new SharpStepException(SharpStepException.Kind.PACK, "Model pack '" + id + "': expected " + expected + ", found " + found
                    + ".");
        }

        Path requireFile(Path dir, String name) {
            return PackFiles.inside(dir, name, id);
        }

        PackManifest manifest(JsonObject o) {
            int format = integer(o, "format", 1);
            if (format != 1) {
                throw fail("format 1", "format " + format);
            }
            PackKind kind = PackKind.lookup(string(o, "kind", null));
            if (kind == PackKind.BICUBIC) {
                throw fail("kind one-step-latent or direct", "bicubic (built in, not a pack)");
            }
            String name = string(o, "name", id);
            String description = string(o, "description", "");
            int scale = integer(o, "scale", 4);
            if (scale < 1 || scale > 16) {
                throw fail("scale between 1 and 16", String.valueOf(scale));
            }
            Precision precision = Precision.lookup(string(o, "precision", "fp32"));
            String role = string(o, "role", "");
            String version = string(o, "version", "");
            Map<String, String> graphs = graphs(o, kind == PackKind.ONE_STEP_LATENT ? LATENT_GRAPHS : DIRECT_GRAPHS);
            JsonObject t = o.has("tiles") ? object(o, "tiles") : new JsonObject();
            if (kind == PackKind.DIRECT) {
                ColorFix fix = ColorFix.lookup(string(o, "colorFix", "none"));
                PackInfo info = new PackInfo(format, name, description, scale, precision, role, fix, version);
                return new DirectManifest(info, graphs.get("model"), directTiles(t));
            }
            LatentTiles tiles = latentTiles(t);
            JsonObject lat = object(o, "latent");
            LatentSpec latent = new LatentSpec(integer(lat, "channels", 4), integer(lat, "factor", 8),
                    number(lat, "scalingFactor", null));
            if (latent.channels() < 1 || latent.channels() > 64) {
                throw fail("latent.channels between 1 and 64", String.valueOf(latent.channels()));
            }
            if (!(latent.scalingFactor() > 0) || Double.isInfinite(latent.scalingFactor())) {
                throw fail("a positive latent.scalingFactor", String.valueOf(latent.scalingFactor()));
            }
            if (latent.factor() <= 0 || latent.factor() > 64 || tiles.multiple() % latent.factor() != 0) {
                throw fail("tiles.multiple to be a multiple of latent.factor " + latent.factor(),
                        String.valueOf(tiles.multiple()));
            }
            ColorFix fix = ColorFix.lookup(string(o, "colorFix", "adain"));
            PackInfo info = new PackInfo(format, name, description, scale, precision, role, fix, version);
            return new LatentManifest(info, graphs.get("encoder"), graphs.get("unet"), graphs.get("decoder"), latent,
                    scheduler(object(o, "scheduler")), prompt(object(o, "prompt")), tiles);
        }

        private Map<String, String> graphs(JsonObject o, List<String> roles) {
            JsonObject g = object(o, "graphs");
            Map<String, String> out = new LinkedHashMap<>();
            for (String role : roles) {
                out.put(role, string(g, role, null));
            }
            for (String key : g.keySet()) {
                if (!out.containsKey(key)) {
                    throw fail("graphs " + roles, "an extra graph '" + key + "'");
                }
            }
            return Map.copyOf(out);
        }

        private SchedulerSpec scheduler(JsonObject s) {
            int t = integer(s, "timestep", 999);
            Prediction prediction = Prediction.lookup(string(s, "prediction", "epsilon"));
            double alphaBar;
            if (s.has("alphaBar")) {
                alphaBar = number(s, "alphaBar", null);
            } else if (s.has("betas")) {
                JsonObject b = object(s, "betas");
                try {
                    alphaBar = NoiseSchedule.alphaBar(string(b, "schedule", "scaled_linear"),
                            number(b, "start", null), number(b, "end", null), integer(b, "steps", 1000), t);
                } catch (IllegalArgumentException e) {
                    throw new SharpStepException(SharpStepException.Kind.PACK, "Model pack '" + id + "': scheduler.betas: " + e.getMessage()
                            + ".", e);
                }
            } else {
                throw fail("scheduler.alphaBar or scheduler.betas", "neither");
            }
            if (!(alphaBar > 0 && alphaBar < 1)) {
                throw fail("alphaBar strictly between 0 and 1", String.valueOf(alphaBar));
            }
            return new SchedulerSpec(t, prediction, alphaBar);
        }

        private PromptSpec prompt(JsonObject p) {
            JsonArray arr = p.has("shape") && p.get("shape").isJsonArray() ? p.getAsJsonArray("shape") : null;
            if (arr == null || arr.isEmpty()) {
                throw fail("prompt.shape as a list of sizes", String.valueOf(p.get("shape")));
            }
            long[] shape = new long[arr.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                JsonElement e = arr.get(i);
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()
                        || e.getAsDouble() != Math.rint(e.getAsDouble())) {
                    throw fail("prompt.shape as a list of whole numbers", arr.toString());
                }
                shape[i] = e.getAsLong();
                elements *= Math.max(1, Math.min(shape[i], 1L << 20));
                if (shape[i] <= 0 || shape[i] > 1L << 20 || elements > 1L << 28) {
                    throw fail("positive prompt.shape sizes of at most 2^28 values in all", arr.toString());
                }
            }
            return new PromptSpec(string(p, "file", null), shape);
        }

        private LatentTiles latentTiles(JsonObject t) {
            LatentTiles d = LatentTiles.DEFAULTS;
            LatentTiles s = new LatentTiles(integer(t, "latent", d.unet()), integer(t, "latentOverlap", d.unetOverlap()),
                    integer(t, "encoder", d.encoder()), integer(t, "encoderOverlap", d.encoderOverlap()),
                    integer(t, "decoder", d.decoder()), integer(t, "decoderOverlap", d.decoderOverlap()),
                    integer(t, "multiple", d.multiple()));
            check(s.unet(), s.unetOverlap(), "tiles.latent");
            check(s.encoder(), s.encoderOverlap(), "tiles.encoder");
            check(s.decoder(), s.decoderOverlap(), "tiles.decoder");
            checkMultiple(s.multiple());
            return s;
        }

        private DirectTiles directTiles(JsonObject t) {
            DirectTiles d = DirectTiles.DEFAULTS;
            DirectTiles s = new DirectTiles(integer(t, "tile", d.tile()), integer(t, "overlap", d.overlap()),
                    integer(t, "multiple", d.multiple()), integer(t, "border", d.border()));
            check(s.tile(), s.overlap(), "tiles.tile");
            if (s.border() < 0 || s.border() > 256) {
                throw fail("tiles.border between 0 and 256", String.valueOf(s.border()));
            }
            checkMultiple(s.multiple());
            return s;
        }

        private void checkMultiple(int multiple) {
            if (multiple < 1 || multiple > 1024) {
                throw fail("tiles.multiple between 1 and 1024", String.valueOf(multiple));
            }
        }

        private void check(int size, int overlap, String what) {
            if (size < 8 || size > GraphContract.MAX_SIDE || overlap < 0 || overlap * 2 > size) {
                throw fail(what + " between 8 and " + GraphContract.MAX_SIDE + " with an overlap of at most half of it",
                        size + " / overlap " + overlap);
            }
        }

        private JsonObject object(JsonObject o, String key) {
            JsonElement e = o.get(key);
            if (e == null || !e.isJsonObject()) {
                throw fail("an object '" + key + "'", e == null ? "nothing" : e.toString());
            }
            return e.getAsJsonObject();
        }

        private String string(JsonObject o, String key, String fallback) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                if (fallback == null) {
                    throw fail("a text field '" + key + "'", "nothing");
                }
                return fallback;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw fail("'" + key + "' as text", e.toString());
            }
            return e.getAsString();
        }

        private int integer(JsonObject o, String key, Integer fallback) {
            double v = number(o, key, fallback == null ? null : fallback.doubleValue());
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw fail("'" + key + "' as a whole number", String.valueOf(v));
            }
            return (int) v;
        }

        private double number(JsonObject o, String key, Double fallback) {
            JsonElement e = o.get(key);
            if (e == null || e.isJsonNull()) {
                if (fallback == null) {
                    throw fail("a number '" + key + "'", "nothing");
                }
                return fallback;
            }
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw fail("'" + key + "' as a number", e.toString());
            }
            return e.getAsDouble();
        }
    }
}
