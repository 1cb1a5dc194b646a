package io.sharpstep.cli;

import io.sharpstep.testing.Console;
import io.sharpstep.testing.Fixtures;
import io.sharpstep.testing.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end, in process. */
class CliTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final Console console = new Console();

    @Test
    void vaeStatisticsOptionIsCheckedAndUsed() throws Exception {
        assertEquals(2, SharpStepCli.execute("upscale", "x.png", "--model", "bicubic", "--vae-statistics", "fast"));
        assertTrue(console.err().contains(
                "sharpstep: Unknown VAE statistics mode 'fast': expected one of shared, exact, per-tile."));
        Path in = Images.write(Fixtures.syntheticPhoto(40, 36, 12), tmp.resolve("small.png"));
        assertEquals(0, SharpStepCli.execute("upscale", in.toString(), "--model",
                Fixtures.packDir("sdvae-fixture").toString(), "--device", "cpu", "--vae-tile", "64",
                "--vae-statistics", "shared", "-o", tmp.resolve("o").toString()));
    }

    @Test
    void upscalesWithAFixturePackAndWithBicubic() throws Exception {
        Path in = Images.write(Fixtures.syntheticPhoto(40, 36, 11), tmp.resolve("scene.png"));
        Path outDir = tmp.resolve("out");
        String pack = Fixtures.packDir("latent-fixture").toString();
        assertEquals(0, SharpStepCli.execute("upscale", in.toString(), "-o", outDir.toString(), "--model", pack,
                "--device", "cpu", "--tile", "128"));
        assertEquals(0, SharpStepCli.execute("upscale", in.toString(), "-o", outDir.toString(), "--model", "bicubic",
                "--format", "jpg"));
        assertEquals(160, ImageIO.read(outDir.resolve("scene_x4.png").toFile()).getWidth());
        assertEquals(144, ImageIO.read(outDir.resolve("scene_x4.jpg").toFile()).getHeight());
        String log = console.err();
        assertTrue(log.contains("Model: latent-fixture"), log);
        assertTrue(log.contains("Denoising"), log);
    }

    @Test
    void aBatchGoesOnPastABadFileAndExitsNonZero() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Images.write(Fixtures.syntheticPhoto(20, 20, 12), dir.resolve("a.png"));
        Files.writeString(dir.resolve("b.jpg"), "not a jpeg");
        Images.write(Fixtures.syntheticPhoto(20, 20, 13), dir.resolve("c.png"));
        int code = SharpStepCli.execute("upscale", dir.toString(), "-o", tmp.resolve("out").toString(),
                "--model", Fixtures.packDir("direct-fixture").toString(), "--device", "cpu");
        assertEquals(1, code);
        assertTrue(Files.exists(tmp.resolve("out/a_x4.png")));
        assertTrue(Files.exists(tmp.resolve("out/c_x4.png")));
        assertFalse(Files.exists(tmp.resolve("out/b_x4.jpg")));
        String log = console.err();
        assertTrue(log.contains("sharpstep: b.jpg is not an image SharpStep can read"), log);
        assertTrue(log.contains("1 of 3 photos failed."), log);
        assertFalse(log.contains("Exception"), log);
    }

    @Test
    void badOptionsAndPacksGiveOneSentence() {
        assertEquals(2, SharpStepCli.execute("upscale", "x.png", "--model", "nope"));
        assertEquals(2, SharpStepCli.execute("upscale", "x.png", "--model", "bicubic", "--device", "tpu"));
        assertEquals(2, SharpStepCli.execute("upscale", "x.png", "--model",
                Fixtures.packDir("latent-badshape").toString(), "--device", "cpu"));
        String log = console.err();
        assertTrue(log.contains("sharpstep: No model pack named 'nope'."), log);
        assertTrue(log.contains("sharpstep: Unknown device 'tpu': expected one of auto, cuda, cpu."), log);
        assertTrue(log.contains("sharpstep: The encoder graph does not fit: expected output [1,4,?,?], found"), log);
        assertFalse(log.contains("\tat "), log);
    }

    @Test
    void listsModelsAndBenchmarks() throws Exception {
        assertEquals(0, SharpStepCli.execute("models"));
        assertTrue(console.out().contains("bicubic — Bicubic ×4"));
        Path in = Images.write(Fixtures.syntheticPhoto(64, 48, 14), tmp.resolve("b.png"));
        assertEquals(0, SharpStepCli.execute("bench", in.toString(), "--model",
                Fixtures.packDir("latent-fixture").toString(), "--device", "cpu"));
        String o = console.out();
        for (String line : new String[] {"encode", "unet", "decode", "blend", "total", "MP/s", "engine share",
            "after-GC peak", "resident peak", "scratch peak", "model / bicubic"}) {
            assertTrue(o.contains(line), "bench output lacks " + line + ":\n" + o);
        }
    }
}
