package io.sharpstep.image;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.IFD;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFWriter;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.SharpStepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutated files (bit flips, truncations, duplicated and overwritten ranges) of small valid seeds in every input
 * format, with metadata, so the container walkers are exercised too. Every read must end within a few seconds
 * either with an image or with a SharpStepException carrying one sentence.
 */
class ReadFuzzTest {
    private static final int MUTANTS = 3000;
    private static final long SEED = 20240506L;

    @TempDir
    Path dir;

    private Map<String, byte[]> seeds() throws IOException {
        FloatImage rgb = FloatImage.zeros(3, 24, 16);
        FloatImage alpha = FloatImage.zeros(1, 24, 16);
        for (int i = 0; i < rgb.data().length; i++) {
            rgb.data()[i] = (i % 97) / 96f;
        }
        java.util.Arrays.fill(alpha.data(), 0.5f);
        PhotoMetadata meta = new PhotoMetadata(PixelPlanes.SRGB, exif(),
                XmpPacket.forOutput(null, 24, 16, new Provenance("m", "i", "direct", 4, "fp32", "v", "CPU")), new byte[] {0x1c, 2, 25, 0, 3, 'a',
                'b', 'c'}, new Resolution(300, 300), 24, 16);
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (SaveOptions o : new SaveOptions[] {new SaveOptions(ImageFormat.PNG, 1, 8),
                new SaveOptions(ImageFormat.PNG, 1, 16), new SaveOptions(ImageFormat.JPEG, 0.8f, 8),
                new SaveOptions(ImageFormat.TIFF, 1, 8), new SaveOptions(ImageFormat.TIFF, 1, 16)
                .withTiffCompression(TiffCompression.LZW)}) {
            Path f = dir.resolve("seed-" + o.bits() + "." + o.format().extension());
            ImageSaver.save(f, rgb, o.format() == ImageFormat.JPEG ? null : alpha, meta, o);
            seeds.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
        Path bmp = dir.resolve("seed.bmp");
        ImageIO.write(TestImages.picture(), "bmp", bmp.toFile());
        seeds.put("seed.bmp", Files.readAllBytes(bmp));
        try {
            ExternalTools.assumeConvert();
            Path webp = dir.resolve("seed.webp");
            ExternalTools.convert(dir.resolve("seed-8.png"), "-quality", "80", webp);
            seeds.put("seed.webp", Files.readAllBytes(webp));
            Path lossless = dir.resolve("seed-lossless.webp");
            ExternalTools.convert(dir.resolve("seed-8.png"), "-define", "webp:lossless=true", lossless);
            seeds.put("seed-lossless.webp", Files.readAllBytes(lossless));
        } catch (org.opentest4j.TestAbortedException e) {
            // Without ImageMagick there is no WebP seed; the other formats are still fuzzed.
        }
        return seeds;
    }

    private static byte[] exif() throws IOException {
        List<Entry> sub = List.of(new TIFFEntry(0xA002, TIFF.TYPE_SHORT, 24), new TIFFEntry(0xA003, TIFF.TYPE_SHORT, 16));
        List<Entry> ifd0 = new ArrayList<>(List.of(new TIFFEntry(TIFF.TAG_MAKE, "Fuzz"),
                new TIFFEntry(TIFF.TAG_ORIENTATION, TIFF.TYPE_SHORT, 6),
                new TIFFEntry(TIFF.TAG_EXIF_IFD, TIFF.TYPE_LONG, new IFD(sub))));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(b)) {
            new TIFFWriter().write(ifd0, out);
        }
        return b.toByteArray();
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int i = 1 + r.nextInt(8); i > 0; i--) {
                    int p = r.nextInt(b.length);
                    b[p] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 2 -> {
                int a = r.nextInt(b.length);
                int n = Math.min(b.length - a, 1 + r.nextInt(512));
                int at = r.nextInt(b.length);
                byte[] c = new byte[b.length + n];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, a, c, at, n);
                System.arraycopy(b, at, c, at + n, b.length - at);
                b = c;
            }
            case 3 -> {
                int p = r.nextInt(Math.max(1, b.length - 4));
                byte v = r.nextBoolean() ? (byte) 0xFF : 0;
                for (int i = 0; i < 4 && p + i < b.length; i++) {
                    b[p + i] = v;
                }
            }
            default -> {
                int p = r.nextInt(Math.min(b.length, 200));
                b[p] = (byte) r.nextInt(256);
            }
        }
        return b;
    }

    @Test
    void mutatedFilesFailCleanlyOrRead() throws Exception {
        Map<String, byte[]> seeds = seeds();
        List<String> names = new ArrayList<>(seeds.keySet());
        Random r = new Random(SEED);
        ExecutorService pool = Executors.newSingleThreadExecutor(t -> {
            Thread th = new Thread(t, "fuzz-read");
            th.setDaemon(true);
            return th;
        });
        int ok = 0;
        int refused = 0;
        try {
            for (int i = 0; i < MUTANTS; i++) {
                String name = names.get(i % names.size());
                Path f = dir.resolve("m" + i + "-" + name);
                Files.write(f, mutate(seeds.get(name), r));
                Future<LoadedImage> res = pool.submit(() -> ImageFiles.read(f, 4_000_000));
                try {
                    res.get(10, TimeUnit.SECONDS);
                    ok++;
                } catch (TimeoutException e) {
                    fail("reading mutant " + i + " of " + name + " hangs (seed " + SEED + ")");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof SharpStepException s)) {
                        throw new AssertionError("mutant " + i + " of " + name + ": " + e.getCause(), e.getCause());
                    }
                    assertTrue(s.getMessage() != null && s.getMessage().endsWith(".") && !s.getMessage().contains("\n"),
                            "one sentence: " + s.getMessage());
                    refused++;
                }
                Files.delete(f);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(ok > 0 && refused > 0, ok + " read, " + refused + " refused");
    }
}
