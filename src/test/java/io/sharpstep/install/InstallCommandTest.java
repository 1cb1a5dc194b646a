package io.sharpstep.install;

import io.sharpstep.cli.SharpStepCli;
import io.sharpstep.testing.Console;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sharpstep models install osediff} end to end against a local mirror. */
class InstallCommandTest {
    @TempDir
    Path tmp;
    private LocalMirror mirror;
    @RegisterExtension
    final Console console = new Console();

    @BeforeEach
    void start() throws Exception {
        mirror = new LocalMirror(InstallFixtures.SD.getParent());
    }

    @AfterEach
    void stop() {
        mirror.close();
    }

    private String[] args(String mode, String... more) throws Exception {
        Path cat = TestCatalogue.write(tmp.resolve("cat.json"), List.of(mirror.base(mode).resolve("sd21/")),
                List.of(mirror.base(mode).resolve("osediff.pkl")));
        List<String> a = new java.util.ArrayList<>(List.of("models", "install", "osediff", "--catalogue", cat.toString(),
                "--templates", InstallFixtures.ROOT.resolve("templates/ci").toString(),
                "--models-dir", tmp.resolve("models").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void showsWhatItFetchesAndTheLicencesThenInstalls() throws Exception {
        assertEquals(0, SharpStepCli.execute(args("good", "--yes", "--precision", "fp16")));
        String o = console.out();
        assertTrue(o.contains("unet/diffusion_pytorch_model.fp16.safetensors"), o);
        assertTrue(o.contains("osediff.pkl"), o);
        assertTrue(o.contains("127.0.0.1"), o);
        assertTrue(o.contains("CREATIVEML-OPENRAIL++-M") && o.contains("APACHE-2.0"), o);
        assertTrue(o.contains("Installed: ci-x4-fp16 — OSEDiff ×4 (one-step diffusion) (one-step-latent, ×4, fp16)"), o);
        assertTrue(console.err().contains("Downloading"), console.err());
        assertTrue(Files.isRegularFile(tmp.resolve("models/ci-x4-fp16/model.json")));

        console.clear();
        assertEquals(0, SharpStepCli.execute(args("good", "--yes", "--precision", "fp16")));
        assertTrue(console.out().contains("is already installed in"));
    }

    @Test
    void withoutAcceptingTheLicencesNothingHappens() throws Exception {
        assertEquals(1, SharpStepCli.execute(args("good")));
        assertTrue(console.out().contains("Accept these licences and start? [y/N]"));
        assertTrue(console.err().contains(
                "sharpstep: Nothing was installed: the licences were not accepted (--yes accepts them)."));
        assertFalse(Files.exists(tmp.resolve("models/ci-x4-fp16")));
        assertTrue(mirror.requests().isEmpty());
    }

    @Test
    void unreachableMirrorsGiveOneSentenceAndExitOne() throws Exception {
        assertEquals(1, SharpStepCli.execute(args("missing", "--yes")));
        String e = console.err();
        assertTrue(e.contains("sharpstep: Could not download unet/diffusion_pytorch_model.fp16.safetensors from any of "
                + "its 1 sources (127.0.0.1: answered HTTP 404)."), e);
        String line = e.lines().filter(l -> l.startsWith("sharpstep:")).findFirst().orElseThrow();
        assertFalse(line.contains("Exception"), line);
    }

    @Test
    void discardRemovesDownloads() throws Exception {
        Path part = tmp.resolve("models/.downloads/ci-x4/unet/diffusion_pytorch_model.fp16.safetensors.part");
        Files.createDirectories(part.getParent());
        Files.write(part, new byte[5000]);
        assertEquals(0, SharpStepCli.execute(args("good", "--discard")));
        assertTrue(console.out().contains("Removed 5 KB of downloads"), console.out());
        assertFalse(Files.exists(part));
    }
}
