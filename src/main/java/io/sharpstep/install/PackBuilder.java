package io.sharpstep.install;

import io.sharpstep.core.BigStack;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sharpstep.core.CancelToken;
import io.sharpstep.core.Precision;
import io.sharpstep.engine.ops.NoiseSchedule;
import io.sharpstep.engine.pack.GroupNormSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;

/**
 * Writes the files of a one-step-latent pack from the graph templates and the source files: encoder, UNet and
 * decoder graphs with their weights, the prompt embedding, and model.json (written last). The folder must be
 * new and empty; the caller moves it into place once it has passed its check.
 */
final class PackBuilder {
    /** The pack's name, as the model list shows it. */
    static final String NAME = "OSEDiff ×4 (one-step diffusion)";
    private static final int TIMESTEP = 999;

    private PackBuilder() {
    }

    /** How much of the work each step is, for progress. */
    private static final double[] SHARE = {0.07, 0.75, 0.08, 0.10}; // encoder, unet, decoder, prompt

    /**
     * Builds the pack into {@code dir}.
     *
     * @param vaePrecision precision of encoder and decoder (fp32 keeps a fp16 pack's VAE in fp32)
     */
    static void build(TemplateSet templates, SourceWeights weights, Precision precision, Precision vaePrecision,
                      Path dir, CancelToken cancel, DoubleConsumer progress) throws IOException {
        String[] graphs = {"encoder", "unet", "decoder"};
        double base = 0;
        for (int i = 0; i < graphs.length; i++) {
            double start = base;
            double share = SHARE[i];
            TemplateBinder.bind(templates, graphs[i], graphs[i].equals("unet") ? precision : vaePrecision, weights,
                    dir, cancel, f -> progress.accept(start + share * f));
            base += share;
        }
        cancel.check();
        Path text = Files.createDirectory(dir.resolve(".text-encoder"));
        try {
            Path graph = TemplateBinder.bind(templates, "text_encoder", Precision.FP32, weights, text, cancel,
                    f -> progress.accept(0.90 + 0.08 * f));
            cancel.check();
            BigStack.call("prompt-embedding", () -> {
                PromptEmbedder.embed(graph, templates.promptIds(), templates.promptWidth(), dir.resolve("prompt.bin"));
                return null;
            });
        } finally {
            deleteTree(text);
        }
        writeManifest(templates, precision, dir);
        progress.accept(1.0);
    }

    /** Replaces the encoder and decoder of a built pack by fp32 ones (the fp16 VAE fallback). */
    static void rebuildVae(TemplateSet templates, SourceWeights weights, Path dir, CancelToken cancel,
                           DoubleConsumer progress) throws IOException {
        for (String g : new String[] {"encoder", "decoder"}) {
            Files.delete(dir.resolve(g + ".onnx"));
            Files.delete(dir.resolve(g + ".onnx.data"));
        }
        TemplateBinder.bind(templates, "encoder", Precision.FP32, weights, dir, cancel, f -> progress.accept(0.5 * f));
        TemplateBinder.bind(templates, "decoder", Precision.FP32, weights, dir, cancel,
                f -> progress.accept(0.5 + 0.5 * f));
    }

    /** model.json as models/export/export.py writes it, with the pack's own name. */
    static void writeManifest(TemplateSet templates, Precision precision, Path dir) throws IOException {
        JsonObject m = new JsonObject();
        m.addProperty("format", 1);
        m.addProperty("kind", "one-step-latent");
        m.addProperty("name", NAME);
        m.addProperty("description", "OSEDiff one-step diffusion super-resolution (SD 2.1-base + OSEDiff LoRA), "
                + "built by SharpStep from the public release files.");
        m.addProperty("scale", 4);
        m.addProperty("precision", precision.key());
        JsonObject graphs = new JsonObject();
        for (String g : new String[] {"encoder", "unet", "decoder"}) {
            graphs.addProperty(g, g + ".onnx");
        }
        m.add("graphs", graphs);
        JsonObject latent = new JsonObject();
        latent.addProperty("channels", (int) templates.configNumber("vae", "latent_channels"));
        int levels = templates.sources().get("vae").getAsJsonArray("block_out_channels").size();
        latent.addProperty("factor", 1 << (levels - 1));
        latent.addProperty("scalingFactor", templates.configNumber("vae", "scaling_factor"));
        m.add("latent", latent);
        JsonObject scheduler = new JsonObject();
        scheduler.addProperty("timestep", TIMESTEP);
        scheduler.addProperty("prediction", "epsilon");
        scheduler.addProperty("alphaBar", alphaBar(templates));
        m.add("scheduler", scheduler);
        JsonObject prompt = new JsonObject();
        prompt.addProperty("file", "prompt.bin");
        JsonArray shape = new JsonArray();
        shape.add(1);
        shape.add(templates.promptIds().length);
        shape.add(templates.promptWidth());
        prompt.add("shape", shape);
        m.add("prompt", prompt);
        m.addProperty("colorFix", "adain");
        JsonObject tiles = new JsonObject();
        tiles.addProperty("latent", 96);
        tiles.addProperty("latentOverlap", 32);
        tiles.addProperty("encoder", 512);
        tiles.addProperty("encoderOverlap", 64);
        tiles.addProperty("decoder", 64);
        tiles.addProperty("decoderOverlap", 16);
        m.add("tiles", tiles);
        JsonObject statistics = new JsonObject();
        for (String g : new String[] {"encoder", "decoder"}) {
            GroupNormSpec s = templates.graph(g).statistics();
            if (s != null) {
                JsonObject counts = new JsonObject();
                counts.addProperty("layers", s.layers());
                counts.addProperty("groups", s.groups());
                statistics.add(g, counts);
            }
        }
        // The engine refuses a pack whose manifest and VAE graphs disagree on statistics, so say exactly what
        // the templates' graphs take.
        if (statistics.size() > 0) {
            m.add("statistics", statistics);
        }
        Files.writeString(dir.resolve("model.json"), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
                .create().toJson(m) + "\n");
    }

    /**
     * ᾱ at {@link #TIMESTEP}: the templates' copy of export.py's float32 value, else the double-precision
     * schedule, which misses it in the 9th digit (enough to move a fp16 pack's output by 2e-3).
     */
    private static double alphaBar(TemplateSet templates) {
        TemplateSet.Scheduler s = templates.scheduler();
        if (s != null && s.timestep() == TIMESTEP) {
            return s.alphaBar();
        }
        double ab = NoiseSchedule.alphaBar("scaled_linear", 0.00085, 0.012, 1000, TIMESTEP);
        return Math.round(ab * 1e9) / 1e9;
    }

    /** Deletes a folder this code made (never follows links out of it). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
