package io.sharpstep.jobs;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.Stage;
import io.sharpstep.engine.Engine;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.raster.ScratchFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Photos at real sizes in bounded memory: a 24 MP photo enlarged with bicubic in a JVM of 1 GB heap (its result
 * of 384 MP would take 1.15 GB as 8-bit samples alone), and jobs that stop part-way leave nothing behind.
 */
class LargePhotoTest {
    @TempDir
    Path tmp;

    /** A 24 MP JPEG with some structure (a smooth field, stripes and noise-free edges), made quickly. */
    private static Path photo(Path file, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w);
                int g = (y * 255 / h);
                int b = ((x / 97 + y / 61) % 2) * 200;
                row[x] = r << 16 | g << 8 | b;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        ImageIO.write(img, "jpg", file.toFile());
        return file;
    }

    @Test
    void aTwentyFourMegapixelPhotoEnlargesInOneGigabyteOfHeap() throws Exception {
        Path in = photo(tmp.resolve("p24.jpg"), 6000, 4000);
        Path out = tmp.resolve("out");
        Path scratch = tmp.resolve("scratch");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dsharpstep.scratch=" + scratch, "-cp", System.getProperty("java.class.path"),
                "io.sharpstep.cli.SharpStepCli", "upscale", in.toString(), "-o", out.toString(), "--model", "bicubic"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "finished");
        assertEquals(0, p.exitValue(), log);
        Path result = out.resolve("p24_x4.jpg");
        try (ImageInputStream s = ImageIO.createImageInputStream(result.toFile())) {
            Iterator<ImageReader> it = ImageIO.getImageReaders(s);
            ImageReader r = it.next();
            r.setInput(s);
            assertEquals(24_000, r.getWidth(0));
            assertEquals(16_000, r.getHeight(0));
            r.dispose();
        }
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(0, left.count(), "no scratch file outlives the job");
        }
    }

    @Test
    void jobsStoppedWhileEnlargingOrWritingLeaveNothing() throws Exception {
        // 1500×1000 → 24 MP: the result lives in a scratch file.
        Path in = photo(tmp.resolve("p.jpg"), 1500, 1000);
        Path out = Files.createDirectories(tmp.resolve("out"));
        JobSettings s = new JobSettings(out, null, 0.9f, 100_000_000L, true, true, false, tmp.resolve("scratch"));
        try (Upscaler up = Engine.open(ModelPack.bicubic(), UpscaleOptions.DEFAULT)) {
            for (Stage stopAt : new Stage[] {Stage.PREPARE, Stage.WRITE}) {
                CancelToken cancel = new CancelToken();
                try (JobOutcome r = UpscaleJob.run(in, up, s, e -> {
                    if (e instanceof JobEvent.Progressed p && p.progress().stage() == stopAt
                            && p.progress().tile() > 0) {
                        cancel.cancel();
                    }
                }, cancel)) {
                    assertEquals(JobOutcome.Status.CANCELLED, r.status(), stopAt + ": " + r.message());
                }
                assertEquals(0, ScratchFiles.bytesInUse(), "scratch released after a cancel at " + stopAt);
                assertEmpty(out);
            }
            // A failure after the first file: it is reported as written, nothing half-written stays.
            try (JobOutcome r = UpscaleJob.run(in, up, s, e -> {
                if (e instanceof JobEvent.Written) {
                    throw new IllegalStateException("listener broke");
                }
            }, new CancelToken())) {
                assertEquals(JobOutcome.Status.FAILED, r.status());
                assertEquals(List.of(out.resolve("p_x4.jpg")), r.written());
            }
            assertEquals(0, ScratchFiles.bytesInUse(), "scratch released after a failure");
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(List.of("p_x4.jpg"), files.map(f -> f.getFileName().toString()).toList());
            }
        }
    }

    private static void assertEmpty(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).toList());
        }
    }
}
