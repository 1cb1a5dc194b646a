package io.sharpstep.jobs;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.engine.Engine;
import io.sharpstep.core.Stage;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.testing.Fixtures;
import io.sharpstep.testing.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpscaleJobTest {
    private static final UpscaleOptions CPU = UpscaleOptions.DEFAULT.withDevice(DeviceSpec.CPU);

    @TempDir
    Path tmp;

    @Test
    void writesBesideTheInputWithCollisionSafeNamesAndNeverTouchesTheInput() throws Exception {
        Path in = Images.write(Fixtures.syntheticPhoto(48, 40, 5), tmp.resolve("photo.png"));
        byte[] before = Files.readAllBytes(in);
        try (Upscaler up = Engine.open(Fixtures.pack("latent-fixture"), CPU)) {
            JobOutcome first = run(in, up, JobSettings.DEFAULT);
            JobOutcome second = run(in, up, JobSettings.DEFAULT);
            assertEquals(JobOutcome.Status.DONE, first.status(), first.message());
            assertEquals(tmp.resolve("photo_x4.png"), first.written().get(0));
            assertEquals(tmp.resolve("photo_x4 (2).png"), second.written().get(0));
            BufferedImage out = ImageIO.read(first.written().get(0).toFile());
            assertEquals(192, out.getWidth());
            assertEquals(160, out.getHeight());
        }
        assertArrayEquals(before, Files.readAllBytes(in));
        assertNoPartFiles();
        // Results get the permissions any new file gets here (the umask), not a temp file's owner-only ones.
        Path plain = Files.createFile(tmp.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(tmp.resolve("photo_x4.png")));
    }

    @Test
    void comparisonWritesBicubicAndSideBySide() throws Exception {
        Path in = Images.write(Fixtures.syntheticPhoto(30, 20, 6), tmp.resolve("c.png"));
        JobSettings s = new JobSettings(tmp.resolve("out"), null, 0.9f, 1_000_000, true);
        try (Upscaler up = Engine.open(Fixtures.pack("direct-fixture"), CPU)) {
            JobOutcome r = run(in, up, s);
            assertEquals(3, r.written().size(), r.message());
            assertEquals("c_bicubic_x4.png", r.written().get(1).getFileName().toString());
            BufferedImage cmp = ImageIO.read(r.written().get(2).toFile());
            assertEquals(120 * 2 + 8, cmp.getWidth());
        }
    }

    @Test
    void aCancelledJobLeavesNoFile() throws Exception {
        Path in = Images.write(Fixtures.syntheticPhoto(96, 96, 7), tmp.resolve("big.png"));
        CancelToken cancel = new CancelToken();
        try (Upscaler up = Engine.open(Fixtures.pack("latent-fixture"),
                new UpscaleOptions(DeviceSpec.CPU, 128, 0, 0, null))) {
            JobOutcome r = UpscaleJob.run(in, up, JobSettings.DEFAULT, e -> {
                if (e instanceof JobEvent.Progressed p && p.progress().stage() == Stage.DECODE
                        && p.progress().tile() == 1) {
                    cancel.cancel();
                }
            }, cancel);
            assertEquals(JobOutcome.Status.CANCELLED, r.status());
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(java.util.List.of("big.png"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void badInputsFailWithOneSentenceEach() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.jpg"));
        Path text = Files.writeString(tmp.resolve("notes.jpg"), "this is not a photo");
        Path good = Images.write(Fixtures.syntheticPhoto(40, 30, 8), tmp.resolve("good.png"));
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(tmp.resolve("truncated.png"), Arrays.copyOf(bytes, bytes.length / 2));
        Path heic = Files.writeString(tmp.resolve("phone.heic"), "ftypheic");
        JobSettings limit = new JobSettings(null, null, 0.9f, 1000, false); // 40×30 = 1200 pixels
        try (Upscaler up = Engine.open(Fixtures.pack("direct-fixture"), CPU)) {
            assertFailure(up, empty, JobSettings.DEFAULT, "empty.jpg is empty (0 bytes).");
            assertFailure(up, text, JobSettings.DEFAULT, "notes.jpg is not an image SharpStep can read");
            assertFailure(up, truncated, JobSettings.DEFAULT, "truncated.png is");
            assertFailure(up, heic, JobSettings.DEFAULT, "phone.heic is not an image SharpStep can read (HEIC/HEIF/AVIF");
            assertFailure(up, good, limit, "good.png is 40×30 (0.0 MP), above the limit of 0.0 MP.");
            assertFailure(up, tmp.resolve("missing.png"), JobSettings.DEFAULT, "missing.png does not exist.");
            Path blocker = Files.writeString(tmp.resolve("blocker"), "a file where a folder should be");
            JobSettings into = new JobSettings(blocker, null, 0.9f, 1_000_000, false);
            assertFailure(up, good, into, "Cannot write good_x4.png: the output folder " + blocker + " is a file");
            assertEquals(JobOutcome.Status.DONE, run(good, up, JobSettings.DEFAULT).status());
        }
        assertNoPartFiles();
    }

    private static void assertFailure(Upscaler up, Path in, JobSettings s, String start) {
        JobOutcome r = run(in, up, s);
        System.out.println(in.getFileName() + " -> " + r.message());
        assertEquals(JobOutcome.Status.FAILED, r.status());
        assertTrue(r.message().startsWith(start), r.message());
        assertTrue(r.written().isEmpty());
        assertNull(r.result(), "a failed job holds no result");
        assertTrue(!r.message().contains("Exception") && !r.message().contains("\n\tat "), r.message());
    }

    /** Runs a job and releases its result (tests read the files). */
    private static JobOutcome run(Path in, Upscaler up, JobSettings s) {
        try (JobOutcome r = UpscaleJob.run(in, up, s, JobListener.NONE, new CancelToken())) {
            return r;
        }
    }

    private void assertNoPartFiles() throws Exception {
        try (Stream<Path> files = Files.walk(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "partial file left");
        }
    }
}
