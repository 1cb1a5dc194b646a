package io.sharpstep.image;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, items 1, 3 and 11 (reading): a file cut short is refused in every format instead of being enlarged
 * with a grey or smeared bottom; animations are refused instead of enlarging frame 1 silently; ImageIO's disk
 * cache is off.
 */
class DamagedInputTest {
    private static final String TRUNCATED = " is truncated: the end of the picture is missing.";
    /** Where files are cut, in per cent of their length. */
    private static final int[] CUTS = {30, 42, 55, 67, 80, 90, 95, 99};

    @TempDir
    Path dir;

    @Test
    void jpegCutAnywhereFrom30To99PercentIsRefusedBaselineAndProgressive() throws IOException {
        BufferedImage img = photo(320, 240);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("baseline.jpg", jpeg(img, false));
        files.put("progressive.jpg", jpeg(img, true));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            // The whole file reads: the cuts below are what fails.
            Path whole = Files.write(dir.resolve("whole-" + f.getKey()), f.getValue());
            assertEquals(320, ImageFiles.read(whole, Long.MAX_VALUE).width());
            for (int pct : CUTS) {
                assertTruncated(cut(f.getKey(), f.getValue(), pct));
            }
        }
    }

    @Test
    void everyOtherFormatCutShortIsRefusedWithTheSameSentence() throws IOException {
        BufferedImage img = photo(300, 200);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String fmt : new String[] {"png", "bmp", "gif", "tif"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertTrue(ImageIO.write(fmt.equals("gif") ? indexed(img) : img, fmt.equals("tif") ? "tiff" : fmt, out));
            files.put("jdk." + fmt, out.toByteArray());
        }
        Path png = Files.write(dir.resolve("src.png"), files.get("jdk.png"));
        ExternalTools.assumeConvert();
        // ImageMagick writes the TIFF directory at the end, and makes WebP (lossless WebP cut short decodes
        // without complaint) and PSD.
        for (String[] spec : new String[][] {{"im-lzw.tif", "-compress", "lzw"}, {"im-zip.tif", "-compress", "zip"},
            {"lossy.webp", "-quality", "80"}, {"lossless.webp", "-define", "webp:lossless=true"}, {"im.psd"}}) {
            Path out = dir.resolve(spec[0]);
            List<Object> args = new ArrayList<>(List.of(png));
            args.addAll(Arrays.asList(spec).subList(1, spec.length));
            args.add(out);
            ExternalTools.convert(args.toArray());
            files.put(spec[0], Files.readAllBytes(out));
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path whole = Files.write(dir.resolve("whole-" + f.getKey()), f.getValue());
            assertEquals(300, ImageFiles.read(whole, Long.MAX_VALUE).width(), f.getKey());
            for (int pct : CUTS) {
                assertTruncated(cut(f.getKey(), f.getValue(), pct));
            }
        }
    }

    @Test
    void aRealPhotoCutShortIsRefused() throws IOException {
        Path nature = Path.of("/usr/share/backgrounds/mate/nature");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(nature), "mate-backgrounds not installed");
        Path photo;
        try (var s = Files.list(nature)) {
            photo = s.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(photo);
        for (int pct : new int[] {35, 70, 98}) {
            assertTruncated(cut("mate.jpg", bytes, pct));
        }
    }

    @Test
    void animatedGifApngAndWebpAreRefusedStillOnesRead() throws IOException {
        BufferedImage[] frames = {indexed(photo(60, 40)), indexed(flat(60, 40, 0xFF0000)), indexed(flat(60, 40, 0xFF))};
        Path gif = dir.resolve("anim.gif");
        writeGif(gif, frames);
        assertAnimated(gif, 3);
        Path still = dir.resolve("still.gif");
        writeGif(still, new BufferedImage[] {frames[0]});
        assertEquals(60, ImageFiles.read(still, Long.MAX_VALUE).width());

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(photo(60, 40), "png", png);
        Path apng = Files.write(dir.resolve("anim.png"), apng(png.toByteArray(), 3));
        assertAnimated(apng, 3);
        Path oneFrame = Files.write(dir.resolve("one-frame.png"), apng(png.toByteArray(), 1));
        assertEquals(60, ImageFiles.read(oneFrame, Long.MAX_VALUE).width());

        ExternalTools.assumeConvert();
        Path webp = dir.resolve("anim.webp");
        ExternalTools.convert("-size", "60x40", "xc:red", "xc:green", "xc:blue", "-loop", "0", "-define",
                "webp:lossless=true", webp);
        assertAnimated(webp, 3);
    }

    @Test
    void imageIoDiskCacheIsOff() throws IOException {
        Path f = Files.write(dir.resolve("p.png"), pngBytes(photo(8, 8)));
        ImageFiles.read(f, Long.MAX_VALUE);
        assertFalse(ImageIO.getUseCache(), "ImageIO's disk cache is not needed and fails where the temp folder is");
    }

    private void assertTruncated(Path f) {
        SharpStepException e = assertThrows(SharpStepException.class, () -> ImageFiles.read(f, Long.MAX_VALUE),
                f.getFileName() + " was read although it is cut short");
        assertEquals(f.getFileName() + TRUNCATED, e.getMessage());
        assertEquals(SharpStepException.Kind.INPUT, e.kind());
    }

    private static void assertAnimated(Path f, int frames) {
        SharpStepException e = assertThrows(SharpStepException.class, () -> ImageFiles.read(f, Long.MAX_VALUE),
                f.getFileName() + " was read although it is animated");
        assertEquals(f.getFileName() + " is animated (" + frames + " frames); SharpStep enlarges still pictures"
                + " only, so save the frame you want as PNG first.", e.getMessage());
    }

    private Path cut(String name, byte[] bytes, int pct) throws IOException {
        String cutName = name.replaceFirst("\\.", "-cut" + pct + ".");
        return Files.write(dir.resolve(cutName), Arrays.copyOf(bytes, (int) (bytes.length * (long) pct / 100)));
    }

    private static BufferedImage photo(int w, int h) {
        FloatImage f = Fixtures.syntheticPhoto(w, h, 131);
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = Math.round(f.get(0, x, y) * 255);
                int g = Math.round(f.get(1, x, y) * 255);
                int bl = Math.round(f.get(2, x, y) * 255);
                b.setRGB(x, y, r << 16 | g << 8 | bl);
            }
        }
        return b;
    }

    private static BufferedImage flat(int w, int h, int rgb) {
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.setRGB(x, y, rgb);
            }
        }
        return b;
    }

    private static BufferedImage indexed(BufferedImage src) {
        BufferedImage b = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
        b.getGraphics().drawImage(src, 0, 0, null);
        return b;
    }

    private static byte[] jpeg(BufferedImage img, boolean progressive) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        if (progressive) {
            p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream o = ImageIO.createImageOutputStream(out)) {
            w.setOutput(o);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    private static byte[] pngBytes(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static void writeGif(Path f, BufferedImage[] frames) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream o = ImageIO.createImageOutputStream(f.toFile())) {
            w.setOutput(o);
            w.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                w.writeToSequence(new IIOImage(frame, null, null), null);
            }
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
    }

    /**
     * An animated PNG (APNG) of {@code frames} identical frames made from a plain PNG: acTL and the first fcTL
     * before its IDAT, then an fcTL and an fdAT (the same pixel data) for each further frame.
     */
    static byte[] apng(byte[] png, int frames) {
        ByteBuffer in = ByteBuffer.wrap(png);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 8);
        int w = 0;
        int h = 0;
        int seq = 0;
        List<byte[]> idat = new ArrayList<>();
        for (int pos = 8; pos < png.length; ) {
            int len = in.getInt(pos);
            String type = new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1);
            byte[] data = Arrays.copyOfRange(png, pos + 8, pos + 8 + len);
            if (type.equals("IHDR")) {
                w = in.getInt(pos + 8);
                h = in.getInt(pos + 12);
                chunk(out, type, data);
                chunk(out, "acTL", ByteBuffer.allocate(8).putInt(frames).putInt(0).array());
                chunk(out, "fcTL", fctl(seq++, w, h));
            } else if (type.equals("IDAT")) {
                idat.add(data);
                chunk(out, type, data);
            } else if (type.equals("IEND")) {
                for (int f = 1; f < frames; f++) {
                    chunk(out, "fcTL", fctl(seq++, w, h));
                    for (byte[] d : idat) {
                        chunk(out, "fdAT", ByteBuffer.allocate(4 + d.length).putInt(seq++).put(d).array());
                    }
                }
                chunk(out, type, data);
            } else {
                chunk(out, type, data);
            }
            pos += 12 + len;
        }
        return out.toByteArray();
    }

    private static byte[] fctl(int seq, int w, int h) {
        return ByteBuffer.allocate(26).putInt(seq).putInt(w).putInt(h).putInt(0).putInt(0)
                .putShort((short) 1).putShort((short) 10).put((byte) 0).put((byte) 0).array();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
