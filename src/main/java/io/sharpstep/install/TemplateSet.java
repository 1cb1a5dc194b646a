package io.sharpstep.install;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sharpstep.core.Precision;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.pack.GroupNormSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * The graph templates made by {@code models/export/templates.py}: each graph without its weights
 * ({@code <graph>-<precision>.onnx.gz}) and {@code bindings.json}, which says where every removed weight comes
 * from. Loaded from the app's resources or, for tests, a folder.
 *
 * @param config  the model shapes ("sd21"; "ci" for the test fixtures)
 * @param graphs  encoder, unet, decoder, text_encoder
 * @param osediff what the OSEDiff checkpoint must contain (LoRA modules, replaced tensors, lora_alpha)
 * @param promptIds the fixed prompt's token ids, for the text-encoder graph
 * @param sources per source ("unet", "vae", "text_encoder"): its diffusers config
 * @param scheduler the scheduler constants as export.py writes them, or null (templates made before them)
 * @param opener  reads a template file by name
 */
public record TemplateSet(String config, Map<String, Graph> graphs, OsediffSpec osediff, long[] promptIds,
                          Map<String, JsonObject> sources, Scheduler scheduler, Opener opener) {
    /** Reads a template file by name. */
    @FunctionalInterface
    public interface Opener {
        InputStream open(String name) throws IOException;
    }

    /** How a source tensor is laid out in the graph. */
    public enum Layout {
        /** The same values in the same order (possibly other dims: a reshape). */
        IDENTITY,
        /** A 2-D weight transposed (Linear as MatMul with Wᵀ). */
        TRANSPOSE
    }

    /** One weight the graph needs: initializer {@code name} = {@code layout}({@code source}[{@code key}]). */
    public record Binding(String name, String source, String key, Layout layout, long[] shape, long[] dims) {
    }

    /**
     * One graph: its template per precision and its bindings (the same for every precision).
     *
     * @param statistics the GroupNorm statistics the graph takes (the VAE graphs of models/export/gn_stats.py),
     *                   or null
     */
    public record Graph(String name, List<String> inputs, List<String> outputs, Map<Precision, String> files,
                        List<Binding> bindings, GroupNormSpec statistics) {
    }

    /**
     * The noise schedule's ᾱ at the pack's timestep as models/export/export.py computes it (diffusers' float32
     * schedule, rounded to 9 digits), so the built model.json says what the Python export's says.
     */
    public record Scheduler(int timestep, double alphaBar) {
    }

    /** What an OSEDiff checkpoint must hold to fit these graphs. */
    public record OsediffSpec(Set<String> unetLoraModules, Set<String> vaeLoraModules, Set<String> unetReplaced,
                              double loraAlpha) {
    }

    /** The templates shipped with the app for SD 2.1-base + OSEDiff. */
    public static TemplateSet bundled() {
        String base = "/io/sharpstep/install/templates/sd21/";
        return parse(name -> {
            InputStream in = TemplateSet.class.getResourceAsStream(base + name);
            if (in == null) {
                throw new IOException("missing resource " + base + name);
            }
            return in;
        });
    }

    /** Templates in a folder (tests, or templates made locally). */
    public static TemplateSet fromFolder(Path dir) {
        return parse(name -> Files.newInputStream(dir.resolve(name)));
    }

    private static TemplateSet parse(Opener opener) {
        JsonObject o;
        try (InputStream in = opener.open("bindings.json")) {
            o = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new SharpStepException(SharpStepException.Kind.INTERNAL, "The graph templates of this SharpStep "
                    + "are missing or damaged.", e);
        }
        if (o.get("format").getAsInt() != 1) {
            throw new SharpStepException(SharpStepException.Kind.INTERNAL, "The graph templates have format "
                    + o.get("format") + ", this SharpStep reads format 1.");
        }
        Map<String, Graph> graphs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("graphs").entrySet()) {
            JsonObject g = e.getValue().getAsJsonObject();
            Map<Precision, String> files = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> f : g.getAsJsonObject("files").entrySet()) {
                files.put(Precision.lookup(f.getKey()), f.getValue().getAsString());
            }
            List<Binding> bindings = new ArrayList<>();
            for (JsonElement b : g.getAsJsonArray("bindings")) {
                JsonObject x = b.getAsJsonObject();
                bindings.add(new Binding(x.get("name").getAsString(), x.get("source").getAsString(),
                        x.get("key").getAsString(), Layout.valueOf(x.get("layout").getAsString().toUpperCase()),
                        longs(x.getAsJsonArray("shape")), longs(x.getAsJsonArray("dims"))));
            }
            GroupNormSpec stats = null;
            if (g.has("statistics")) {
                JsonObject s = g.getAsJsonObject("statistics");
                stats = new GroupNormSpec(s.get("layers").getAsInt(), s.get("groups").getAsInt());
            }
            graphs.put(e.getKey(), new Graph(e.getKey(), strings(g.getAsJsonArray("inputs")),
                    strings(g.getAsJsonArray("outputs")), files, List.copyOf(bindings), stats));
        }
        JsonObject os = o.getAsJsonObject("osediff");
        OsediffSpec spec = new OsediffSpec(new TreeSet<>(strings(os.getAsJsonArray("unet_lora_modules"))),
                new TreeSet<>(strings(os.getAsJsonArray("vae_lora_modules"))),
                new TreeSet<>(strings(os.getAsJsonArray("unet_replaced"))), os.get("lora_alpha").getAsDouble());
        Map<String, JsonObject> sources = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("sources").entrySet()) {
            sources.put(e.getKey(), e.getValue().getAsJsonObject().getAsJsonObject("config"));
        }
        Scheduler scheduler = null;
        if (o.has("scheduler")) {
            JsonObject s = o.getAsJsonObject("scheduler");
            scheduler = new Scheduler(s.get("timestep").getAsInt(), s.get("alphaBar").getAsDouble());
        }
        return new TemplateSet(o.get("config").getAsString(), graphs, spec,
                longs(o.getAsJsonObject("prompt").getAsJsonArray("input_ids")), sources, scheduler, opener);
    }

    private static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return List.copyOf(out);
    }

    public Graph graph(String name) {
        Graph g = graphs.get(name);
        if (g == null) {
            throw new SharpStepException(SharpStepException.Kind.INTERNAL, "The graph templates have no " + name
                    + " graph.");
        }
        return g;
    }

    /** The template proto bytes of {@code graph} in {@code precision} (gunzipped). */
    public byte[] templateBytes(String graph, Precision precision) {
        String file = graph(graph).files().get(precision);
        if (file == null) {
            throw new SharpStepException(SharpStepException.Kind.INTERNAL, "The graph templates have no "
                    + precision.key() + " " + graph + " graph.");
        }
        try (InputStream in = new GZIPInputStream(opener.open(file))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A number from a source's diffusers config, e.g. vae "latent_channels". */
    public double configNumber(String source, String key) {
        return sources.get(source).get(key).getAsDouble();
    }

    /** The width of the prompt embedding (the text encoder's hidden size). */
    public int promptWidth() {
        return (int) configNumber("text_encoder", "hidden_size");
    }
}
