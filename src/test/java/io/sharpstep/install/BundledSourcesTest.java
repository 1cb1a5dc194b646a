package io.sharpstep.install;

import io.sharpstep.core.Precision;
import io.sharpstep.engine.pack.GroupNormSpec;
import io.sharpstep.engine.pack.LatentManifest;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue and SD 2.1 templates shipped in the app: readable, consistent, and the plan they give. */
class BundledSourcesTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedCatalogueAndTemplatesPlanBothPrecisions() {
        Catalogue c = Catalogue.bundled();
        TemplateSet t = TemplateSet.bundled();
        assertEquals("sd21", t.config());
        assertEquals(1024, t.promptWidth());
        assertEquals(258, t.osediff().unetLoraModules().size());
        assertEquals(32, t.osediff().vaeLoraModules().size());
        assertEquals(686, t.graph("unet").bindings().size());
        assertEquals(248, t.graph("encoder").bindings().size() + t.graph("decoder").bindings().size());
        // SD's VAE: 22 GroupNorms in the encoder, 30 in the decoder, 32 groups (docs/model-packs.md)
        assertEquals(new GroupNormSpec(22, 32), t.graph("encoder").statistics());
        assertEquals(new GroupNormSpec(30, 32), t.graph("decoder").statistics());
        assertEquals(null, t.graph("unet").statistics());
        assertEquals(new TemplateSet.Scheduler(999, 0.004660096), t.scheduler());
        Installer inst = new Installer(c, t, Downloader.standard(), tmp);
        InstallPlan fp16 = inst.plan(Precision.FP16, List.of(), List.of());
        assertEquals(List.of("unet/diffusion_pytorch_model.fp16.safetensors", "vae/diffusion_pytorch_model.fp16.safetensors",
                "text_encoder/model.fp16.safetensors", "osediff.pkl"), fp16.items().stream().map(i -> i.file().path()).toList());
        assertTrue(fp16.downloadBytes() > 2_500_000_000L && fp16.downloadBytes() < 2_700_000_000L, "" + fp16.downloadBytes());
        assertTrue(fp16.items().get(0).urls().get(0).toString().startsWith("https://huggingface.co/sd2-community/"));
        assertEquals("https://raw.githubusercontent.com/cswry/OSEDiff/main/preset/models/osediff.pkl",
                fp16.items().get(3).urls().get(0).toString());
        assertEquals(List.of("CreativeML Open RAIL++-M", "Apache License 2.0"),
                fp16.licences().stream().map(Catalogue.Licence::name).toList());
        InstallPlan fp32 = inst.plan(Precision.FP32, List.of(), List.of());
        assertTrue(fp32.downloadBytes() > 5_100_000_000L, "" + fp32.downloadBytes());
        // pack weights (1.9 / 3.8 GB) plus the fp32 text encoder used once (1.36 GB)
        assertTrue(fp16.packBytes() > 3_200_000_000L && fp16.packBytes() < 3_400_000_000L, "" + fp16.packBytes());
        assertTrue(fp32.packBytes() > 5_100_000_000L && fp32.packBytes() < 5_300_000_000L, "" + fp32.packBytes());
    }

    /** The graph contracts read only the graphs' headers, so the weightless templates stand in for the graphs. */
    @Test
    void theShippedGraphsFitTheManifestThePackBuilderWritesForThem() throws Exception {
        TemplateSet t = TemplateSet.bundled();
        for (Precision precision : new Precision[] {Precision.FP32, Precision.FP16}) {
            Path dir = Files.createDirectory(tmp.resolve(precision.key()));
            for (String g : new String[] {"encoder", "unet", "decoder"}) {
                Files.write(dir.resolve(g + ".onnx"), t.templateBytes(g, precision));
            }
            Files.write(dir.resolve("prompt.bin"), new byte[t.promptIds().length * t.promptWidth() * 4]);
            PackBuilder.writeManifest(t, precision, dir);
            ModelPack pack = ManifestReader.load(dir);
            LatentManifest m = (LatentManifest) pack.manifest();
            assertEquals(new GroupNormSpec(22, 32), m.latent().encoderStats());
            assertEquals(new GroupNormSpec(30, 32), m.latent().decoderStats());
            PackGraphs.check(pack);
        }
    }
}
