package io.sharpstep.image;

import com.google.gson.JsonObject;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;
import io.sharpstep.raster.ResultRaster;
import io.sharpstep.raster.ResultSink;
import io.sharpstep.core.SharpStepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageSaverTest {
    @TempDir
    Path dir;

    private static FloatImage ramp(int channels, int w, int h) {
        FloatImage img = FloatImage.zeros(channels, w, h);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = (i * 7919 % 65536) / 65535f;
        }
        return img;
    }

    private long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void failingWriteLeavesNoFileBehind() throws IOException {
        Path target = dir.resolve("out.png");
        SharpStepException e = assertThrows(SharpStepException.class, () -> ImageSaver.save(target,
                ramp(3, 8, 8), null, PhotoMetadata.NONE, SaveOptions.PNG8, (img, file, opts) -> {
                    Files.write(file, new byte[1000]);
                    throw new IOException("No space left on device");
                }));
        assertEquals("Cannot write out.png: the disk is full.", e.getMessage());
        assertEquals(0, filesIn(dir), "no partial or temporary file");
    }

    @Test
    void neverOverwrites() throws IOException {
        Path target = dir.resolve("taken.png");
        Files.writeString(target, "precious");
        assertThrows(SharpStepException.class, () -> ImageSaver.save(target, ramp(3, 4, 4), null,
                PhotoMetadata.NONE, SaveOptions.PNG8));
        assertEquals("precious", Files.readString(target));
        assertEquals(1, filesIn(dir));
    }

    @Test
    void sixteenBitAndAlphaSurviveEveryLosslessFormat() {
        FloatImage rgb = ramp(3, 16, 12);
        FloatImage alpha = ramp(1, 16, 12);
        for (SaveOptions o : new SaveOptions[] {new SaveOptions(ImageFormat.PNG, 1, 16),
                new SaveOptions(ImageFormat.TIFF, 1, 16),
                new SaveOptions(ImageFormat.TIFF, 1, 16).withTiffCompression(TiffCompression.LZW),
                new SaveOptions(ImageFormat.TIFF, 1, 16).withTiffCompression(TiffCompression.NONE)}) {
            Path f = OutputNames.next(dir, "deep", "", o.format().extension());
            ImageSaver.save(f, rgb, alpha, PhotoMetadata.NONE, o);
            LoadedImage back = ImageFiles.read(f, Long.MAX_VALUE);
            assertEquals(16, back.bitsPerValue(), o.toString());
            assertNotNull(back.alphaImage(), o.toString());
            for (int i = 0; i < rgb.data().length; i++) {
                assertEquals(rgb.data()[i], back.rgbImage().data()[i], 0.5f / 65535, o + " sample " + i);
            }
            assertEquals(alpha.data()[37], back.alphaImage().data()[37], 0.5f / 65535);
        }
    }

    @Test
    void jpegLaysTransparencyOverWhite() {
        FloatImage rgb = FloatImage.zeros(3, 16, 16);
        FloatImage alpha = FloatImage.zeros(1, 16, 16);
        Path f = dir.resolve("flat.jpg");
        ImageSaver.save(f, rgb, alpha, PhotoMetadata.NONE, new SaveOptions(ImageFormat.JPEG, 0.95f, 8));
        LoadedImage back = ImageFiles.read(f, Long.MAX_VALUE);
        assertNull(back.alpha());
        assertTrue(back.rgbImage().get(0, 8, 8) > 0.97f, "fully transparent black becomes white");
    }

    @Test
    void keepMetadataOffKeepsOnlyTheProfileAndProvenanceIsOptIn() throws IOException {
        ExternalTools.assumeExiftool();
        Path src = TestImages.writePng(dir, "src.png");
        ExternalTools.exiftool("-overwrite_original", "-EXIF:Make=SharpTest", "-XMP-dc:Creator=Ada", src);
        LoadedImage img = ImageFiles.read(src, Long.MAX_VALUE);
        PhotoMetadata meta = img.metadata().withIcc(PixelPlanes.SRGB);
        Path bare = dir.resolve("bare.jpg");
        ImageSaver.save(bare, img.rgbImage(), null, meta,
                new SaveOptions(ImageFormat.JPEG, 0.9f, 8).withKeepMetadata(false));
        JsonObject t = ExternalTools.tags(bare);
        assertFalse(t.has("EXIF:Make"));
        assertFalse(t.has("XMP:Creator"));
        assertTrue(t.has("ICC_Profile:ProfileDescription"), "the colour profile is never dropped");
        Path noted = dir.resolve("noted.tif");
        ImageSaver.save(noted, img.rgbImage(), null, meta, new SaveOptions(ImageFormat.TIFF, 0.9f, 8)
                .withProvenance(new Provenance("sharpstep-x4", "x4", "direct", 4, "fp32", "0.1.0", "CPU")));
        t = ExternalTools.tags(noted);
        assertEquals("Ada", t.get("XMP:Creator").getAsString());
        assertEquals("sharpstep-x4", t.get("XMP:Model").getAsString());
        assertEquals("SharpTest", t.get("EXIF:Make").getAsString());
        assertFalse(t.has("ExifTool:Warning"), String.valueOf(t.get("ExifTool:Warning")));
    }

    /** A small finished result to save. */
    private static ResultRaster raster() {
        ResultRaster r = ResultRaster.inHeap(8, 6, 3, 8);
        new ResultSink(r, null).put(new Rect(0, 0, 8, 6), ramp(3, 8, 6));
        return r;
    }

    private static java.util.Iterator<String> names(String stem) {
        return OutputNames.candidates(stem, "_x4", "png");
    }

    @Test
    void anExistingEntryOfAnyKindIsNeverReplacedNorFollowed() throws IOException {
        Path outside = dir.resolve("elsewhere");
        Files.createDirectories(outside);
        Files.createSymbolicLink(dir.resolve("a_x4.png"), outside.resolve("missing.png")); // dangling
        Files.createDirectory(dir.resolve("a_x4 (2).png"));
        Files.writeString(dir.resolve("a_x4 (3).png"), "precious");
        try (ResultRaster r = raster()) {
            Path written = ImageSaver.save(dir, names("a"), r, PhotoMetadata.NONE, SaveOptions.PNG8);
            assertEquals(dir.resolve("a_x4 (4).png"), written);
        }
        assertTrue(Files.isSymbolicLink(dir.resolve("a_x4.png")), "the dangling link stays a link");
        assertFalse(Files.exists(outside.resolve("missing.png")), "nothing written through the link");
        assertEquals("precious", Files.readString(dir.resolve("a_x4 (3).png")));
    }

    @Test
    void aNameTakenWhileEncodingMovesOnToTheNext() throws IOException {
        // Another run takes the name between our check and our claim: we take the next one and go on.
        try (ResultRaster r = raster()) {
            Path written = ImageSaver.save(dir, names("race"), r, PhotoMetadata.NONE, SaveOptions.PNG8,
                    (img, file, opts) -> {
                        PixelEncoder.encode(img, file, opts);
                        Files.writeString(dir.resolve("race_x4.png"), "the other run's");
                    });
            assertEquals(dir.resolve("race_x4 (2).png"), written);
        }
        assertEquals("the other run's", Files.readString(dir.resolve("race_x4.png")));
        assertEquals(2, filesIn(dir));
    }

    @Test
    void temporaryNamesAreShortAndAbandonedOnesAreRemoved() throws IOException {
        // A process that no longer runs (pid far above any real one here) left a temporary file; ours stays.
        Path abandoned = Files.writeString(dir.resolve(".ss2147483646-7.part"), "left by a killed run");
        Path ours = Files.writeString(dir.resolve(".ss" + ProcessHandle.current().pid() + "-999999.part"), "busy");
        String longStem = "p".repeat(240);
        try (ResultRaster r = raster()) {
            Path written = ImageSaver.save(dir, OutputNames.candidates(longStem, "_x4", "png"), r,
                    PhotoMetadata.NONE, SaveOptions.PNG8, (img, file, opts) -> {
                        assertTrue(file.getFileName().toString().length() < 32, "short temporary name: " + file);
                        PixelEncoder.encode(img, file, opts);
                    });
            assertEquals(longStem + "_x4.png", written.getFileName().toString());
        }
        assertFalse(Files.exists(abandoned), "a dead process's temporary file is removed");
        assertTrue(Files.exists(ours), "a living process's temporary file is left alone");
    }
}
