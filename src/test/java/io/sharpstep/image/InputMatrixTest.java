package io.sharpstep.image;

import com.google.gson.JsonObject;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.ops.Bicubic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every input kind a photographer brings, made with ImageMagick and tagged with ExifTool: read, enlarged ×4 with
 * bicubic as the job does, saved in the input's family, then inspected with ExifTool. Writes the table for
 * docs/image-io.md to target/image-io-table.md.
 */
class InputMatrixTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;
    private static Path src;
    private static Path p3;
    private static final List<String> ROWS = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        ExternalTools.assumeConvert();
        ExternalTools.assumeExiftool();
        src = TestImages.writePng(dir, "src.png");
        p3 = TestImages.p3Profile(dir);
    }

    @AfterAll
    static void table() throws IOException {
        if (ROWS.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("| Input | Read as | Output | Bits | ICC kept | EXIF kept | Orientation | Alpha |");
        lines.add("|---|---|---|---|---|---|---|---|");
        ROWS.stream().sorted().forEach(lines::add);
        Path out = Path.of("target", "image-io-table.md");
        Files.createDirectories(out.getParent());
        Files.write(out, lines, StandardCharsets.UTF_8);
    }

    /** Makes {@code name} from the source with ImageMagick {@code ops}, then tags it with ExifTool. */
    private static Path make(String name, String tagArgs, Object... ops) throws IOException {
        Path f = dir.resolve(name);
        List<Object> a = new ArrayList<>();
        a.add(src);
        a.addAll(Arrays.asList(ops));
        a.add(f);
        Path icc = null;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).toString().startsWith("sharpstep:icc=")) {
                icc = Path.of(a.get(i).toString().substring("sharpstep:icc=".length()));
                a.remove(i);
                a.remove(i - 1);
                break;
            }
        }
        ExternalTools.convert(a.toArray());
        if (icc != null) {
            // ExifTool assigns the profile without touching the samples (ImageMagick's -profile might convert).
            ExternalTools.exiftool("-overwrite_original", "-m", "-icc_profile<=" + icc, f);
        }
        if (!tagArgs.isEmpty()) {
            List<Object> t = new ArrayList<>(Arrays.asList((Object[]) tagArgs.split("\\|")));
            t.add(0, "-overwrite_original");
            t.add("-m");
            t.add(f);
            ExternalTools.exiftool(t.toArray());
        }
        return f;
    }

    private static final String TAGS = "-Make=SharpTest|-Model=Unit 1|-DateTimeOriginal=2024:05:06 07:08:09"
            + "|-XResolution=300|-YResolution=300|-ResolutionUnit=inches|-XMP-dc:Creator=Ada Lovelace";
    private static final String IPTC = "|-IPTC:Keywords=sharpstep|-IPTC:By-line=Ada";

    /** Reads, enlarges, saves and inspects; returns the output's tags. */
    private static JsonObject roundTrip(String kind, Path in, LoadedImage img) throws IOException {
        String f = img.formatName().toLowerCase(Locale.ROOT);
        ImageFormat format = f.contains("jp") ? ImageFormat.JPEG : f.contains("tif") ? ImageFormat.TIFF : ImageFormat.PNG;
        FloatImage rgb = Bicubic.upscale(img.rgbImage(), 4, img.bitsPerValue() == 8);
        FloatImage alpha = img.alphaImage() == null ? null : Bicubic.upscale(img.alphaImage(), 4, img.bitsPerValue() == 8);
        Path out = dir.resolve(OutputNames.stem(in) + "_x4." + format.extension());
        ImageSaver.save(out, rgb, alpha, img.metadata(), new SaveOptions(format, 0.92f, img.bitsPerValue()));
        JsonObject t = ExternalTools.tags(out);
        assertFalse(t.has("ExifTool:Warning"), kind + ": " + t.get("ExifTool:Warning"));
        assertFalse(t.has("ExifTool:Error"), kind + ": " + t.get("ExifTool:Error"));
        LoadedImage back = ImageFiles.read(out, Long.MAX_VALUE);
        assertEquals(img.width() * 4, back.width(), kind);
        assertEquals(img.height() * 4, back.height(), kind);
        String icc = t.has("ICC_Profile:ProfileDescription") ? t.get("ICC_Profile:ProfileDescription").getAsString()
                : "none";
        boolean exif = t.has("EXIF:Make") && t.get("EXIF:Make").getAsString().equals("SharpTest");
        String orient = t.has("EXIF:Orientation") ? t.get("EXIF:Orientation").getAsString() : "—";
        String bits = t.has("File:BitsPerSample") ? t.get("File:BitsPerSample").getAsString()
                : t.has("PNG:BitDepth") ? t.get("PNG:BitDepth").getAsString()
                : t.has("EXIF:BitsPerSample") ? t.get("EXIF:BitsPerSample").getAsString() : "8";
        ROWS.add("| " + kind + " | " + img.formatName() + " " + img.bitsPerValue() + "-bit" + (img.alpha() != null
                ? " +alpha" : "") + " | " + format + " | " + bits.split(" ")[0] + " | " + icc + " | "
                + (exif ? "yes" : "no") + " | " + orient + " | " + (back.alpha() != null ? "kept" : "—") + " |");
        return t;
    }

    @Test
    void jpegWithExifXmpIptcAndOrientation() throws IOException {
        Path in = make("oriented.jpg", TAGS + IPTC + "|-Orientation#=6", "-quality", "95");
        LoadedImage img = ImageFiles.read(in, Long.MAX_VALUE);
        assertEquals(TestImages.H, img.width(), "orientation 6 turns the picture upright");
        assertEquals(TestImages.W, img.height());
        assertTrue(TestImages.red(img.rgbImage(), TestImages.H - 1, 0) > 230, "the top-left mark is now top-right");
        JsonObject t = roundTrip("JPEG, EXIF orientation 6, EXIF+XMP+IPTC, 300 dpi", in, img);
        assertEquals(1, t.get("EXIF:Orientation").getAsInt());
        assertEquals("SharpTest", t.get("EXIF:Make").getAsString());
        assertEquals("2024:05:06 07:08:09", t.get("EXIF:DateTimeOriginal").getAsString());
        assertEquals("Ada Lovelace", t.get("XMP:Creator").getAsString());
        assertEquals("sharpstep", t.get("IPTC:Keywords").getAsString());
        assertEquals(1200, t.get("JFIF:XResolution").getAsInt(), "300 dpi ×4: the print size stays");
        assertEquals(1200, t.get("EXIF:XResolution").getAsInt());
        assertEquals(TestImages.W * 4, t.get("File:ImageHeight").getAsInt());
    }

    @Test
    void progressiveJpegInP3() throws IOException {
        Path in = make("p3-progressive.jpg", "", "-interlace", "JPEG", "-quality", "98", "-define", "sharpstep:icc=" + p3);
        LoadedImage img = ImageFiles.read(in, Long.MAX_VALUE);
        assertNotNull(img.metadata().icc());
        assertEquals(Files.readAllBytes(p3).length, img.metadata().icc().getData().length);
        LoadedImage plain = ImageFiles.read(make("plain-progressive.jpg", "", "-interlace", "JPEG", "-quality", "98"),
                Long.MAX_VALUE);
        assertNull(plain.metadata().icc());
        assertEquals(plain.rgbImage().get(0, 20, 20), img.rgbImage().get(0, 20, 20), 1e-6f,
                "P3 samples are kept as they are, not converted to sRGB");
        JsonObject t = roundTrip("JPEG progressive, Display-P3 profile", in, img);
        assertEquals("SharpStep Test P3", t.get("ICC_Profile:ProfileDescription").getAsString());
    }

    @Test
    void cmykJpegBecomesSrgb() throws IOException {
        Path in = make("cmyk.jpg", TAGS, "-colorspace", "CMYK", "-quality", "95");
        LoadedImage img = ImageFiles.read(in, Long.MAX_VALUE);
        assertEquals("sRGB", img.metadata().icc().getColorSpaceType() == java.awt.color.ColorSpace.TYPE_RGB
                ? "sRGB" : "?");
        assertTrue(TestImages.red(img.rgbImage(), 2, 2) > 180, "the red mark stays red");
        JsonObject t = roundTrip("JPEG CMYK (no profile)", in, img);
        assertTrue(t.get("ICC_Profile:ProfileDescription").getAsString().contains("sRGB"));
        assertEquals(3, t.get("File:ColorComponents").getAsInt());
    }

    @Test
    void png8WithAlpha() throws IOException {
        BufferedImage a = new BufferedImage(TestImages.W, TestImages.H, BufferedImage.TYPE_INT_ARGB);
        BufferedImage p = TestImages.picture();
        for (int y = 0; y < TestImages.H; y++) {
            for (int x = 0; x < TestImages.W; x++) {
                a.setRGB(x, y, (x * 5) << 24 | (p.getRGB(x, y) & 0xFFFFFF));
            }
        }
        Path in = dir.resolve("alpha.png");
        ImageIO.write(a, "png", in.toFile());
        ExternalTools.exiftool("-overwrite_original", "-m", "-EXIF:Make=SharpTest", "-XMP-dc:Creator=Ada Lovelace", in);
        LoadedImage img = ImageFiles.read(in, Long.MAX_VALUE);
        assertNotNull(img.alpha());
        assertEquals(50 / 255f, img.alphaImage().get(0, 10, 3), 1e-6);
        assertNotNull(img.metadata().exif(), "ExifTool's EXIF in the PNG is read");
        JsonObject t = roundTrip("PNG 8-bit RGBA, EXIF + XMP", in, img);
        assertEquals("Ada Lovelace", t.get("XMP:Creator").getAsString());
        assertEquals("SharpTest", t.get("EXIF:Make").getAsString());
    }

    @Test
    void png16InP3() throws IOException {
        Path in = make("p3-16.png", TAGS, "-depth", "16", "-define", "png:bit-depth=16", "-define", "sharpstep:icc=" + p3);
        LoadedImage img = ImageFiles.read(in, Long.MAX_VALUE);
        assertEquals(16, img.bitsPerValue());
        assertNotNull(img.metadata().icc());
        JsonObject t = roundTrip("PNG 16-bit RGB, Display-P3, 300 dpi", in, img);
        assertEquals(16, t.get("PNG:BitDepth").getAsInt());
        assertEquals("SharpStep Test P3", t.get("ICC_Profile:ProfileDescription").getAsString());
        assertEquals(1200 / 0.0254, t.get("PNG:PixelsPerUnitX").getAsDouble(), 1);
    }

    @Test
    void tiffVariants() throws IOException {
        LoadedImage lzw = ImageFiles.read(make("rgb8-lzw.tif", TAGS + IPTC, "-compress", "LZW"), Long.MAX_VALUE);
        assertEquals(8, lzw.bitsPerValue());
        JsonObject t = roundTrip("TIFF 8-bit RGB LZW, EXIF+XMP+IPTC", dir.resolve("rgb8-lzw.tif"), lzw);
        assertEquals("SharpTest", t.get("EXIF:Make").getAsString());
        assertEquals("2024:05:06 07:08:09", t.get("EXIF:DateTimeOriginal").getAsString());
        assertEquals("sharpstep", t.get("IPTC:Keywords").getAsString());
        assertEquals("Ada Lovelace", t.get("XMP:Creator").getAsString());
        assertEquals(1200, t.get("EXIF:XResolution").getAsInt());

        LoadedImage deep = ImageFiles.read(make("p3-16-zip.tif", TAGS, "-depth", "16", "-compress", "Zip",
                "-define", "sharpstep:icc=" + p3), Long.MAX_VALUE);
        assertEquals(16, deep.bitsPerValue());
        t = roundTrip("TIFF 16-bit RGB Deflate, Display-P3", dir.resolve("p3-16-zip.tif"), deep);
        assertEquals("SharpStep Test P3", t.get("ICC_Profile:ProfileDescription").getAsString());
        assertEquals("16 16 16", t.get("EXIF:BitsPerSample").getAsString());

        LoadedImage gray = ImageFiles.read(make("gray8.tif", "", "-colorspace", "Gray", "-compress", "None"),
                Long.MAX_VALUE);
        assertEquals(gray.rgbImage().get(0, 5, 5), gray.rgbImage().get(2, 5, 5));
        roundTrip("TIFF 8-bit gray uncompressed", dir.resolve("gray8.tif"), gray);

        LoadedImage rgba = ImageFiles.read(make("rgba16.tif", "", "-alpha", "set", "-channel", "A", "-evaluate",
                "set", "50%", "+channel", "-depth", "16", "-compress", "Zip"), Long.MAX_VALUE);
        assertNotNull(rgba.alpha());
        assertEquals(16, rgba.bitsPerValue());
        roundTrip("TIFF 16-bit RGBA Deflate", dir.resolve("rgba16.tif"), rgba);
    }

    @Test
    void webpBmpPsd() throws IOException {
        LoadedImage webp = ImageFiles.read(make("lossy.webp", "-XMP-dc:Creator=Ada Lovelace", "-quality", "90"),
                Long.MAX_VALUE);
        assertEquals("Ada Lovelace", new String(webp.metadata().xmp(), StandardCharsets.UTF_8)
                .contains("Ada Lovelace") ? "Ada Lovelace" : "");
        roundTrip("WebP lossy, XMP", dir.resolve("lossy.webp"), webp);
        LoadedImage lossless = ImageFiles.read(make("alpha-lossless.webp", "", "-alpha", "set", "-channel", "A",
                "-evaluate", "set", "50%", "+channel", "-define", "webp:lossless=true"), Long.MAX_VALUE);
        assertNotNull(lossless.alpha());
        roundTrip("WebP lossless RGBA", dir.resolve("alpha-lossless.webp"), lossless);
        LoadedImage bmp = ImageFiles.read(make("plain.bmp", "", "-type", "TrueColor"), Long.MAX_VALUE);
        assertEquals(TestImages.red(10, 10), TestImages.red(bmp.rgbImage(), 10, 10));
        roundTrip("BMP 24-bit", dir.resolve("plain.bmp"), bmp);
        LoadedImage psd = ImageFiles.read(make("flat.psd", ""), Long.MAX_VALUE);
        assertEquals(TestImages.red(10, 10), TestImages.red(psd.rgbImage(), 10, 10));
        roundTrip("PSD 8-bit RGB", dir.resolve("flat.psd"), psd);
    }

    @Test
    void unsupportedAndDamagedFilesGiveOneSentence() throws IOException {
        Path heic = dir.resolve("phone.heic");
        Files.write(heic, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0});
        assertMessage(heic, "HEIC");
        Path raw = dir.resolve("camera.dng");
        Files.copy(make("for-raw.tif", ""), raw);
        assertMessage(raw, "camera RAW");
        byte[] jpeg = Files.readAllBytes(make("whole.jpg", "", "-quality", "90"));
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(jpeg, jpeg.length / 2));
        assertMessage(cut, "cut.jpg is truncated: the end of the picture is missing.");
        byte[] png = Files.readAllBytes(src);
        Path broken = dir.resolve("broken.png");
        Files.write(broken, Arrays.copyOf(png, png.length - 30));
        assertMessage(broken, "broken.png is truncated: the end of the picture is missing.");
        ROWS.add("| HEIC, camera RAW (.dng), truncated JPEG/PNG | refused with one sentence | — | — | — | — | — | — |");
    }

    private static void assertMessage(Path f, String part) {
        SharpStepException e = assertThrows(SharpStepException.class, () -> ImageFiles.read(f, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertTrue(e.getMessage().endsWith("."), e.getMessage());
        assertNull(null);
    }
}
