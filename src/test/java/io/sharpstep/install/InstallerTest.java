package io.sharpstep.install;

import io.sharpstep.cli.SharpStepCli;
import io.sharpstep.core.CancelToken;
import io.sharpstep.core.CancelledException;
import io.sharpstep.core.Precision;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.testing.Fixtures;
import io.sharpstep.testing.Images;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Installs from a local mirror on 127.0.0.1 that breaks, redirects, lacks files and serves wrong bytes. */
class InstallerTest {
    @TempDir
    Path tmp;
    private LocalMirror mirror;
    private final List<String> notes = new ArrayList<>();
    private final List<InstallListener.Status> statuses = new ArrayList<>();
    private final InstallListener listener = new InstallListener() {
        @Override
        public void status(Status s) {
            statuses.add(s);
        }

        @Override
        public void note(String sentence) {
            notes.add(sentence);
        }
    };

    @BeforeEach
    void start() throws Exception {
        mirror = new LocalMirror(InstallFixtures.SD.getParent());
    }

    @AfterEach
    void stop() {
        mirror.close();
    }

    private Installer installer(List<URI> mirrors, List<URI> pkl) throws Exception {
        Catalogue c = TestCatalogue.of(mirrors.stream().map(u -> u.resolve("sd21/")).toList(), pkl);
        return new Installer(c, InstallFixtures.templates(), Downloader.standard(), tmp.resolve("models"));
    }

    private URI pkl(String mode) {
        return mirror.base(mode).resolve("osediff.pkl");
    }

    @Test
    void downloadsPastA404AndABreakThenBuildsChecksAndInstalls() throws Exception {
        Installer inst = installer(List.of(mirror.base("missing"), mirror.base("broken")),
                List.of(pkl("missing"), pkl("redirect")));
        InstallPlan plan = inst.plan(Precision.FP32, List.of(), List.of());
        assertTrue(plan.needsNetwork());
        assertEquals(List.of("unet", "vae", "text_encoder", "osediff"),
                plan.items().stream().map(i -> i.file().role()).toList());
        ModelPack pack = inst.install(plan, new CancelToken(), listener);

        assertEquals(tmp.resolve("models/ci-x4-fp32"), pack.dir());
        Path py = InstallFixtures.pythonPack("fp32");
        for (String g : new String[] {"encoder", "unet", "decoder"}) {
            assertArrayEquals(Files.readAllBytes(py.resolve(g + ".onnx.data")),
                    Files.readAllBytes(pack.dir().resolve(g + ".onnx.data")), g);
        }
        assertTrue(notes.stream().anyMatch(n -> n.contains("answered HTTP 404")), notes.toString());
        assertTrue(notes.stream().anyMatch(n -> n.contains("broke; resuming")), notes.toString());
        assertTrue(mirror.requests().stream().anyMatch(r -> r.path().startsWith("/broken/") && r.range() != null),
                "a Range request resumed the broken download");
        assertTrue(mirror.requests().stream().anyMatch(r -> r.path().equals("/good/osediff.pkl")), "redirect followed");
        assertTrue(statuses.stream().anyMatch(s -> s.phase() == InstallListener.Phase.DOWNLOAD
                && s.bytesDone() > 0 && s.bytesTotal() > 0));
        assertTrue(statuses.stream().anyMatch(s -> s.phase() == InstallListener.Phase.BUILD && s.fraction() > 0.5));
        assertOnlyPack(tmp.resolve("models"), "ci-x4-fp32");
        assertTrue(!Files.exists(inst.downloads()) || isEmptyOfFiles(inst.downloads()), "finished downloads removed");

        // and the new pack enlarges a photo from the command line
        Path photo = Images.write(Fixtures.syntheticPhoto(20, 16, 3), tmp.resolve("p.png"));
        assertEquals(0, SharpStepCli.execute("upscale", photo.toString(), "-o", tmp.resolve("out").toString(),
                "--model", pack.dir().toString(), "--device", "cpu"));
        assertTrue(Files.isRegularFile(tmp.resolve("out/p_x4.png")));
    }

    @Test
    void wrongBytesAreRefusedAndNothingIsInstalled() throws Exception {
        Installer inst = installer(List.of(mirror.base("wrong")), List.of(pkl("good")));
        InstallPlan plan = inst.plan(Precision.FP16, List.of(), List.of());
        SharpStepException e = assertThrows(SharpStepException.class,
                () -> inst.install(plan, new CancelToken(), listener));
        assertEquals(SharpStepException.Kind.NETWORK, e.kind());
        assertTrue(e.getMessage().startsWith("Could not download unet/diffusion_pytorch_model.fp16.safetensors from "
                + "any of its 1 sources (127.0.0.1: served bytes that do not match the pinned SHA-256)"), e.getMessage());
        assertOnlyPack(tmp.resolve("models"), null);
        assertFalse(Files.exists(Downloader.partOf(inst.downloads().resolve("unet/diffusion_pytorch_model.fp16.safetensors"))),
                "wrong bytes are not kept");
    }

    @Test
    void cancelKeepsThePartAndTheNextRunResumesIt() throws Exception {
        Installer slow = installer(List.of(mirror.base("slow")), List.of(pkl("good")));
        CancelToken cancel = new CancelToken();
        InstallPlan plan = slow.plan(Precision.FP32, List.of(), List.of());
        assertThrows(CancelledException.class, () -> slow.install(plan, cancel, s -> {
            if (s.bytesDone() > 300_000) {
                cancel.cancel();
            }
        }));
        Path part = Downloader.partOf(slow.downloads().resolve("unet/diffusion_pytorch_model.safetensors"));
        assertTrue(Files.size(part) > 300_000, "part kept");
        assertOnlyPack(tmp.resolve("models"), null);

        Installer good = installer(List.of(mirror.base("good")), List.of(pkl("good")));
        InstallPlan again = good.plan(Precision.FP32, List.of(), List.of());
        assertTrue(again.items().get(0).partBytes() > 300_000);
        assertTrue(again.items().get(0).source().contains("resuming at"), again.items().get(0).source());
        good.install(again, new CancelToken(), listener);
        assertTrue(mirror.requests().stream().anyMatch(r -> r.path().startsWith("/good/sd21/unet/")
                && r.range() != null && !r.range().equals("bytes=0-")), "resumed with a Range request");
        assertOnlyPack(tmp.resolve("models"), "ci-x4-fp32");
    }

    @Test
    void discardRemovesKeptParts() throws Exception {
        Installer slow = installer(List.of(mirror.base("slow")), List.of(pkl("good")));
        CancelToken cancel = new CancelToken();
        InstallPlan plan = slow.plan(Precision.FP16, List.of(), List.of());
        assertThrows(CancelledException.class, () -> slow.install(plan, cancel, s -> {
            if (s.bytesDone() > 100_000) {
                cancel.cancel();
            }
        }));
        assertTrue(slow.discardDownloads() > 100_000);
        assertFalse(Files.exists(slow.downloads()));
        assertEquals(0, slow.plan(Precision.FP16, List.of(), List.of()).items().get(0).partBytes());
    }

    @Test
    void filesTheUserHasAreCheckedAndUsedWithoutNetwork() throws Exception {
        Installer inst = installer(List.of(mirror.base("missing")), List.of(pkl("missing")));
        InstallPlan plan = inst.plan(Precision.FP16, List.of(InstallFixtures.SD, InstallFixtures.SOURCES.resolve("osediff.pkl")),
                List.of());
        assertFalse(plan.needsNetwork());
        assertTrue(plan.items().get(0).local().toString().endsWith("unet/diffusion_pytorch_model.fp16.safetensors"));
        ModelPack pack = inst.install(plan, new CancelToken(), listener);
        assertEquals("fp16", pack.manifest().precision().key());
        assertTrue(mirror.requests().isEmpty(), "no network use: " + mirror.requests());
    }

    @Test
    void aTamperedLocalFileIsRefused() throws Exception {
        Path dir = tmp.resolve("mine");
        Files.createDirectories(dir.resolve("vae"));
        byte[] vae = Files.readAllBytes(InstallFixtures.SD.resolve("vae/diffusion_pytorch_model.safetensors"));
        vae[vae.length - 3] ^= 1;
        Files.write(dir.resolve("vae/diffusion_pytorch_model.safetensors"), vae);
        Installer inst = installer(List.of(mirror.base("good")), List.of(pkl("good")));
        InstallPlan plan = inst.plan(Precision.FP32, List.of(dir), List.of());
        SharpStepException e = assertThrows(SharpStepException.class,
                () -> inst.install(plan, new CancelToken(), listener));
        assertEquals(SharpStepException.Kind.INPUT, e.kind());
        assertTrue(e.getMessage().endsWith("is not the file SharpStep expects for vae/diffusion_pytorch_model.safetensors"
                + " (its SHA-256 differs)."), e.getMessage());
        assertOnlyPack(tmp.resolve("models"), null);
    }

    @Test
    void aHostileCheckpointThatPassesItsHashStillRunsNothingAndInstallsNothing() throws Exception {
        byte[] evil = Files.readAllBytes(Path.of("src/test/resources/weights/evil-global.pkl"));
        mirror.override("osediff.pkl", evil);
        Catalogue c = Catalogue.parse(TestCatalogue.json(List.of(mirror.base("good").resolve("sd21/")),
                List.of(pkl("good")), evil));
        Installer inst = new Installer(c, InstallFixtures.templates(), Downloader.standard(), tmp.resolve("models"));
        InstallPlan plan = inst.plan(Precision.FP16, List.of(), List.of());
        SharpStepException e = assertThrows(SharpStepException.class,
                () -> inst.install(plan, new CancelToken(), listener));
        assertEquals(SharpStepException.Kind.INPUT, e.kind());
        assertEquals("osediff.pkl is not a valid PyTorch checkpoint: its pickle asks to run posix.system, which is "
                + "not on SharpStep's list of safe names.", e.getMessage());
        assertOnlyPack(tmp.resolve("models"), null);
    }

    /** The models folder holds exactly this pack (or none) and no half-built folder. */
    static void assertOnlyPack(Path models, String pack) throws Exception {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(models)) {
            try (Stream<Path> s = Files.list(models)) {
                s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".downloads")).forEach(names::add);
            }
        }
        assertEquals(pack == null ? List.of() : List.of(pack), names);
    }

    private static boolean isEmptyOfFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.noneMatch(Files::isRegularFile);
        }
    }
}
