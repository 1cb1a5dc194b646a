package io.sharpstep.engine;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.engine.pack.PackKind;
import io.sharpstep.engine.pack.LatentManifest;
import io.sharpstep.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestReaderTest {
    @TempDir
    Path tmp;

    private int copies;

    private String failure(UnaryOperator<String> edit) {
        Path dir = Fixtures.copyPack("latent-fixture", tmp.resolve("copy" + copies++), edit);
        return assertThrows(SharpStepException.class, () -> ManifestReader.load(dir)).getMessage();
    }

    @Test
    void readsTheFixtureManifest() {
        LatentManifest m = (LatentManifest) Fixtures.pack("latent-fixture").manifest();
        assertEquals(PackKind.ONE_STEP_LATENT, m.kind());
        assertEquals(4, m.scale());
        assertEquals(0.18215, m.latent().scalingFactor(), 0);
        assertEquals(999, m.scheduler().timestep());
        assertEquals(0.0046601, m.scheduler().alphaBar(), 0);
        assertEquals(ColorFix.ADAIN, m.colorFix());
        assertEquals(96, m.tiles().unet());
        assertEquals(77 * 1024, m.prompt().elements());
    }

    @Test
    void derivesAlphaBarFromBetas() {
        Path dir = Fixtures.copyPack("latent-fixture", tmp, s -> s.replace("\"alphaBar\": 0.0046601",
                "\"betas\": {\"schedule\": \"scaled_linear\", \"start\": 0.00085, \"end\": 0.012, \"steps\": 1000}"));
        assertEquals(0.0046601, ((LatentManifest) ManifestReader.load(dir).manifest()).scheduler().alphaBar(), 5e-8);
    }

    @Test
    void namesAMissingGraph() throws Exception {
        Path dir = Fixtures.copyPack("latent-fixture", tmp, s -> s);
        Files.delete(dir.resolve("unet.onnx"));
        String msg = assertThrows(SharpStepException.class, () -> ManifestReader.load(dir)).getMessage();
        assertEquals("Model pack 'latent-fixture' is missing unet.onnx.", msg);
    }

    @Test
    void checksThePromptFileSize() throws Exception {
        Path dir = Fixtures.copyPack("latent-fixture", tmp, s -> s);
        Files.write(dir.resolve("prompt.bin"), new byte[100]);
        String msg = assertThrows(SharpStepException.class, () -> ManifestReader.load(dir)).getMessage();
        assertTrue(msg.contains("expected prompt.bin of 315392 bytes (float32 [1,77,1024]), found 100 bytes"), msg);
    }

    @Test
    void saysWhatWasExpectedForBadFields() {
        assertTrue(failure(s -> s.replace("\"one-step-latent\"", "\"two-step\"")).contains(
                "Unknown model kind 'two-step': expected one of one-step-latent, direct, bicubic"));
        assertTrue(failure(s -> s.replace("\"adain\"", "\"sepia\"")).contains("Unknown colour fix 'sepia'"));
        assertTrue(failure(s -> s.replace("\"scale\": 4", "\"scale\": \"four\"")).contains(
                "expected 'scale' as a number, found \"four\""));
        assertTrue(failure(s -> s.replace("\"alphaBar\": 0.0046601", "\"alphaBar\": 1.5")).contains(
                "expected alphaBar strictly between 0 and 1, found 1.5"));
        assertTrue(failure(s -> s.replace("\"latentOverlap\": 32", "\"latentOverlap\": 80")).contains(
                "tiles.latent between 8 and 4096 with an overlap of at most half of it"));
        assertTrue(failure(s -> s.replace("\"unet\": \"unet.onnx\",", "\"unet\": \"../../etc/passwd\","))
                .contains("expected ../../etc/passwd inside the pack folder, found a path to a file outside it."));
        assertTrue(failure(s -> "{ not json").contains("model.json is not valid JSON"));
    }

    @Test
    void catalogListsBicubicPacksAndProblems() throws Exception {
        Fixtures.copyPack("latent-fixture", tmp, s -> s);
        Fixtures.copyPack("direct-fixture", tmp, s -> s.replace("\"kind\"", "\"role\": \"default\", \"kind\""));
        Path broken = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(broken.resolve("model.json"), "{}");
        PackCatalog c = new PackCatalog(java.util.List.of(tmp));
        assertEquals(java.util.List.of("bicubic", "direct-fixture", "latent-fixture"),
                c.packs().stream().map(ModelPack::id).toList());
        assertEquals("direct-fixture", c.defaultPack().id());
        assertEquals(1, c.problems().size());
        assertTrue(c.problems().get(0).message().startsWith("Model pack 'broken': expected"));
        String msg = assertThrows(SharpStepException.class, () -> c.find("nope")).getMessage();
        assertEquals("No model pack named 'nope'. Available: bicubic, direct-fixture, latent-fixture.", msg);
        assertEquals("latent-fixture", c.find(tmp.resolve("latent-fixture").toString()).id());
    }
}
