package io.sharpstep.jobs;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.Engine;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.image.ImageHeader;
import io.sharpstep.image.SaveOptions;
import io.sharpstep.image.TiffCompression;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Planning from the header: sizes in long arithmetic, format limits and what the machine has, before any work. */
class JobPlanTest {
    private static final long GB = 1_000_000_000L;
    private static Upscaler bicubic;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() {
        bicubic = Engine.open(ModelPack.bicubic(), UpscaleOptions.DEFAULT);
    }

    @AfterAll
    static void close() {
        bicubic.close();
    }

    private static ImageHeader header(long w, long h, int bits, boolean alpha) {
        return new ImageHeader("p.jpg", w, h, "JPEG", bits, alpha);
    }

    @Test
    void aTwelveMegapixelPhotoIsPlannedOnDiskWithASmallHeap() {
        JobPlan p = JobPlan.of(header(4000, 3000, 8, false), bicubic, new SaveOptions(ImageFormat.JPEG, 0.92f, 8),
                false);
        assertEquals(16000, p.outW());
        assertEquals(12000, p.outH());
        assertTrue(p.resultOnDisk(), "a 576 MB result does not live in the heap");
        assertEquals(576_000_000L, p.scratchBytes());
        assertTrue(p.heapBytes() < 400_000_000L, p.describe());
    }

    @Test
    void theLargestInputTheLimitAllowsIsPlannedWithoutOverflow() {
        // 100 MP, 16-bit with alpha, compared with bicubic: 1.6 gigapixels of 8 bytes, twice.
        JobPlan p = JobPlan.of(header(10_000, 10_000, 16, true), bicubic,
                new SaveOptions(ImageFormat.PNG, 0.92f, 16), true);
        assertEquals(40_000, p.outW());
        assertEquals(2 * 40_000L * 40_000 * 8, p.scratchBytes());
        assertTrue(p.outputBytes() > 20 * GB, p.describe());
        assertTrue(p.heapBytes() > 0);
    }

    @Test
    void formatLimitsAreNamedBeforeAnyWork() {
        SharpStepException jpeg = assertThrows(SharpStepException.class, () -> JobPlan.of(header(20_000, 3, 8, false),
                bicubic, new SaveOptions(ImageFormat.JPEG, 0.92f, 8), false));
        assertEquals("p.jpg would be 80000×12 pixels enlarged, more than JPEG can hold (65,535 pixels a side): "
                + "choose PNG or TIFF.", jpeg.getMessage());
        SharpStepException tiff = assertThrows(SharpStepException.class, () -> JobPlan.of(header(8000, 6000, 16, false),
                bicubic, new SaveOptions(ImageFormat.TIFF, 0.92f, 16).withTiffCompression(TiffCompression.NONE),
                false));
        assertEquals("p.jpg would be about 4.6 GB enlarged, more than a TIFF file can hold (4 GB): choose PNG.",
                tiff.getMessage());
        // PNG takes it.
        JobPlan.of(header(8000, 6000, 16, false), bicubic, new SaveOptions(ImageFormat.PNG, 0.92f, 16), false);
    }

    @Test
    void whatTheMachineLacksIsOneSentence() {
        JobPlan p = JobPlan.of(header(4000, 3000, 8, false), bicubic, new SaveOptions(ImageFormat.JPEG, 0.92f, 8),
                false);
        Path s = Path.of("/scratch");
        Path o = Path.of("/out");
        p.check("p.jpg", 2 * GB, 10 * GB, s, 10 * GB, o);
        assertEquals("p.jpg needs about " + io.sharpstep.core.Sizes.bytes(p.heapBytes()) + " of memory, but Java may "
                        + "use only 100 MB more: give Java more (-Xmx), or close other photos.",
                assertThrows(SharpStepException.class, () -> p.check("p.jpg", 100_000_000L, 10 * GB, s, 10 * GB, o))
                        .getMessage());
        SharpStepException disk = assertThrows(SharpStepException.class,
                () -> p.check("p.jpg", 2 * GB, 300_000_000L, s, 10 * GB, o));
        assertEquals(SharpStepException.Kind.DISK_FULL, disk.kind());
        assertEquals("p.jpg needs about 576 MB of free disk for temporary data in /scratch; 300 MB are free.",
                disk.getMessage());
        SharpStepException out = assertThrows(SharpStepException.class,
                () -> p.check("p.jpg", 2 * GB, 10 * GB, s, 100_000_000L, o));
        assertTrue(out.getMessage().startsWith("p.jpg needs about 288 MB of free disk in /out for its result; 100 MB"),
                out.getMessage());
    }

    @Test
    void headerOnlyFilesClaimingHugeSizesFailCleanly() throws IOException {
        // Exactly the limit passes the limit and fails as the damaged file it is; one pixel more is refused.
        Path atLimit = pngHeader(tmp.resolve("claims-100mp.png"), 10_000, 10_000);
        Path over = pngHeader(tmp.resolve("claims-more.png"), 10_001, 10_000);
        Path giant = pngHeader(tmp.resolve("claims-2g.png"), 2_000_000_000, 2_000_000_000);
        JobSettings s = JobSettings.DEFAULT.withScratch(tmp.resolve("scratch"));
        try (JobOutcome a = UpscaleJob.run(atLimit, bicubic, s, JobListener.NONE, new CancelToken());
             JobOutcome b = UpscaleJob.run(over, bicubic, s, JobListener.NONE, new CancelToken());
             JobOutcome c = UpscaleJob.run(giant, bicubic, s, JobListener.NONE, new CancelToken())) {
            assertEquals(JobOutcome.Status.FAILED, a.status());
            assertTrue(a.message().startsWith("claims-100mp.png "), a.message());
            assertFalse(a.message().contains("above the limit"), a.message());
            assertEquals("claims-more.png is 10001×10000 (100.0 MP), above the limit of 100.0 MP.", b.message());
            assertTrue(c.message().startsWith("claims-2g.png is 2000000000×2000000000"), c.message());
            for (JobOutcome r : new JobOutcome[] {a, b, c}) {
                System.out.println(r.input().getFileName() + " -> " + r.message());
                assertFalse(r.message().contains("Exception"), r.message());
            }
        }
        try (Stream<Path> left = Files.walk(tmp)) {
            assertEquals(3, left.filter(Files::isRegularFile).count(), "only the three inputs: no partial file");
        }
    }

    /** A PNG that is only a signature, IHDR (8-bit RGB of the given size) and IEND: no pixel data at all. */
    static Path pngHeader(Path file, int w, int h) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, 2, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return Files.write(file, bytes.toByteArray());
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
