package io.sharpstep.cli;

import io.sharpstep.testing.Console;
import io.sharpstep.testing.Fixtures;
import io.sharpstep.testing.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 on the command line, in process: items 6 (earlier results skipped), 10 (names escaped), 13 (no
 * photos), 14 (option ranges), 15 (output folder checked first), 17 (provenance) and 8 (`models` lists broken
 * graphs as broken).
 */
class CliFaultsTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final Console console = new Console();

    private String log() {
        String s = console.take();
        return s;
    }

    @Test
    void rerunningOnAFolderSkipsEarlierResultsAndSaysHowMany() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("photos"));
        Images.write(Fixtures.syntheticPhoto(20, 16, 1), dir.resolve("a.png"));
        Images.write(Fixtures.syntheticPhoto(20, 16, 2), dir.resolve("b.jpg"));
        assertEquals(0, SharpStepCli.execute("upscale", dir.toString(), "--model",
                Fixtures.packDir("direct-fixture").toString(), "--device", "cpu", "--compare", "bicubic"));
        log();
        // a_x4.png, a_bicubic_x4.png, a_compare_x4.png and the same for b: all six skipped on the second run.
        assertEquals(0, SharpStepCli.execute("upscale", dir.toString(), "--model", "bicubic"));
        String log = log();
        assertTrue(log.contains("sharpstep: skipped 6 files in " + dir + " that are earlier SharpStep results"), log);
        assertEquals(List.of("a.png", "a_bicubic_x4.png", "a_compare_x4.png", "a_x4 (2).png", "a_x4.png", "b.jpg",
                "b_bicubic_x4.jpg", "b_compare_x4.jpg", "b_x4 (2).jpg", "b_x4.jpg"), names(dir));
        // A third run skips the " (2)" results too; a file named on its own is always taken.
        assertEquals(0, SharpStepCli.execute("upscale", dir.toString(), dir.resolve("a_x4.png").toString(),
                "--model", "bicubic", "-o", tmp.resolve("third").toString()));
        log = log();
        assertTrue(log.contains("sharpstep: skipped 8 files in " + dir), log);
        assertEquals(List.of("a_x4.png", "a_x4_x4.png", "b_x4.jpg"), names(tmp.resolve("third")));
    }

    @Test
    void aFolderWithNoPhotosSaysSoAndExits1() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(1, SharpStepCli.execute("upscale", empty.toString(), "--model", "bicubic"));
        assertEquals("sharpstep: no photos found in " + empty + ".\n", log());
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notes.resolve("readme.txt"), "no photos here");
        assertEquals(1, SharpStepCli.execute("upscale", notes.toString(), "--model", "bicubic"));
        assertEquals("sharpstep: no photos found in " + notes + ".\n", log());
        // A result whose original is not beside it is a photo like any other.
        Path lone = Files.createDirectories(tmp.resolve("lone"));
        Images.write(Fixtures.syntheticPhoto(8, 8, 1), lone.resolve("c_x4.png"));
        assertEquals(0, SharpStepCli.execute("upscale", lone.toString(), "--model", "bicubic"));
        assertTrue(Files.exists(lone.resolve("c_x4_x4.png")), log());
    }

    @Test
    void badOptionValuesExit2NamingTheValidRangeBeforeAnyWork() throws IOException {
        Path photo = Images.write(Fixtures.syntheticPhoto(8, 8, 1), tmp.resolve("p.png"));
        String[][] cases = {
            {"-o", "", "-o/--output needs a folder name; it was given an empty one."},
            {"--max-megapixels", "0", "--max-megapixels must be more than 0 and at most 1000, not 0."},
            {"--max-megapixels", "-1", "--max-megapixels must be more than 0 and at most 1000, not -1."},
            {"--max-megapixels", "9.3e12", "--max-megapixels must be more than 0 and at most 1000, not 9300000000000."},
            {"--max-megapixels", "NaN", "--max-megapixels must be more than 0 and at most 1000, not NaN."},
            {"--memory-budget", "9223372036854775807", "--memory-budget must be 0 (the device's default) or between"
                    + " 256 and 1048576 MB, not 9223372036854775807."},
            {"--memory-budget", "-5", "--memory-budget must be 0 (the device's default) or between 256 and 1048576"
                    + " MB, not -5."},
            {"--tile", "100000", "--tile must be 0 (the pack's) or between 64 and 8192 output pixels, not 100000."},
            {"--tile", "-1", "--tile must be 0 (the pack's) or between 64 and 8192 output pixels, not -1."},
            {"--vae-tile", "99999", "--vae-tile must be 0 (from the memory budget) or between 64 and 16384 output"
                    + " pixels, not 99999."},
            {"--quality", "101", "--quality must be between 0 and 100, not 101."},
            {"--quality", "-1", "--quality must be between 0 and 100, not -1."},
        };
        Path outDir = tmp.resolve("out");
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("upscale", photo.toString(), "--model", "bicubic"));
            if (!c[0].equals("-o")) {
                args.addAll(List.of("-o", outDir.toString()));
            }
            args.add(c[0]);
            args.add(c[1]);
            assertEquals(2, SharpStepCli.execute(args.toArray(new String[0])), String.join(" ", c));
            assertEquals("sharpstep: " + c[2] + "\n", log());
            assertFalse(Files.exists(outDir), "work was done before the options were checked");
            try (Stream<Path> s = Files.list(tmp)) {
                assertEquals(1, s.count(), "something was written for " + String.join(" ", c));
            }
        }
    }

    @Test
    void anOutputFolderThatIsAFileOrCannotBeMadeFailsBeforeAnyPhotoIsRead() throws IOException {
        Path photo = Images.write(Fixtures.syntheticPhoto(8, 8, 1), tmp.resolve("p.png"));
        Path file = Files.writeString(tmp.resolve("taken"), "a file, not a folder");
        String pack = Fixtures.packDir("direct-fixture").toString();
        assertEquals(1, SharpStepCli.execute("upscale", photo.toString(), "--model", pack, "--device", "cpu",
                "-o", file.toString()));
        assertEquals("sharpstep: The output folder " + file + " is a file, not a folder.\n", log());
        Path below = file.resolve("sub");
        assertEquals(1, SharpStepCli.execute("upscale", photo.toString(), "--model", pack, "--device", "cpu",
                "-o", below.toString()));
        assertEquals("sharpstep: The output folder " + below + " cannot be created: " + file
                + " is a file, not a folder.\n", log());
    }

    @Test
    void namesWithControlCharactersArePrintedEscaped() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Path good = Images.write(Fixtures.syntheticPhoto(8, 8, 1), dir.resolve("ok\u001b]0;owned\u0007\r.png"));
        Path bad = Files.writeString(dir.resolve("x\nsharpstep: 0 of 2 photos failed.\u001b[2J.jpg"), "not a jpeg");
        int code = SharpStepCli.execute("upscale", good.toString(), bad.toString(), "--model", "bicubic",
                "-o", tmp.resolve("out").toString());
        assertEquals(1, code);
        String log = log();
        for (char c : new char[] {'\u001b', '\u0007', '\r'}) {
            assertFalse(log.indexOf(c) >= 0, "raw control character " + (int) c + " printed:\n" + log);
        }
        assertFalse(log.lines().anyMatch(l -> l.equals("sharpstep: 0 of 2 photos failed.")), "a line was forged:\n"
                + log);
        assertTrue(log.contains("ok\\x1b]0;owned\\x07\\r.png -> "), log);
        assertTrue(log.contains("sharpstep: x\\nsharpstep: 0 of 2 photos failed.\\x1b[2J.jpg is not an image"), log);
        assertTrue(log.contains("sharpstep: 1 of 2 photos failed."), log);

        // Pack names come from outside too.
        Path home = tmp.resolve("home");
        Path packs = Files.createDirectories(home.resolve("models").resolve("packs"));
        Fixtures.copyPack("direct-fixture", packs, s -> s.replace("\"Direct fixture\"",
                "\"Evil\\u001b[2J\\nsharpstep: forged\""));
        String old = System.getProperty("sharpstep.home");
        System.setProperty("sharpstep.home", home.toString());
        try {
            assertEquals(0, SharpStepCli.execute("models"));
        } finally {
            restoreProperty("sharpstep.home", old);
        }
        log = log();
        assertFalse(log.contains("\u001b") || log.lines().anyMatch(l -> l.startsWith("sharpstep: forged")), log);
        assertTrue(log.contains("Evil\\x1b[2J\\nsharpstep: forged"), log);
    }

    @Test
    void modelsListsPacksWithBrokenGraphsAsBroken() throws IOException {
        Path home = tmp.resolve("home");
        Path packs = Files.createDirectories(home.resolve("models").resolve("packs"));
        Fixtures.copyPack("direct-fixture", packs, s -> s);
        Path broken = Fixtures.copyPack("direct-fixture", Files.createDirectories(tmp.resolve("b")), s -> s);
        Files.write(broken.resolve("model.onnx"), new byte[0]);
        Files.move(broken, packs.resolve("empty-graph"));
        Path channels = Fixtures.copyPack("latent-badshape", packs, s -> s);
        String old = System.getProperty("sharpstep.home");
        System.setProperty("sharpstep.home", home.toString());
        try {
            assertEquals(0, SharpStepCli.execute("models"));
        } finally {
            restoreProperty("sharpstep.home", old);
        }
        String log = log();
        assertTrue(log.contains("  direct-fixture — Direct fixture (direct, ×4, fp32)"), log);
        assertTrue(log.contains("! " + packs.resolve("empty-graph") + ": Model pack 'empty-graph': model.onnx is"
                + " empty (0 bytes)."), log);
        assertTrue(log.contains("! " + channels + ": The encoder graph does not fit: expected output [1,4,?,?],"
                + " found latent [1,3,?,?]."), log);
        assertFalse(log.contains("  latent-badshape —") || log.contains("  empty-graph —"), log);
    }

    @Test
    void provenanceNamesThePacksKindScaleAndTheDeviceApart() throws IOException {
        Path photo = Images.write(Fixtures.syntheticPhoto(12, 10, 1), tmp.resolve("p.png"));
        Path outDir = tmp.resolve("out");
        Path pack = Fixtures.copyPack("direct-fixture", tmp.resolve("packs"),
                j -> j.replaceFirst("\\{", "{\"version\": \"weights 7\","));
        assertEquals(0, SharpStepCli.execute("upscale", photo.toString(), "--model", pack.toString(), "--device", "cpu",
                "--provenance", "-o", outDir.toString()));
        String xmp = Files.readString(outDir.resolve("p_x4.png"), StandardCharsets.ISO_8859_1);
        for (String tag : new String[] {"<sharpstep:Model>Direct fixture</sharpstep:Model>",
            "<sharpstep:ModelId>direct-fixture</sharpstep:ModelId>", "<sharpstep:ModelKind>direct</sharpstep:ModelKind>",
            "<sharpstep:Scale>4</sharpstep:Scale>", "<sharpstep:Precision>fp32</sharpstep:Precision>",
            "<sharpstep:Device>CPU</sharpstep:Device>", "<sharpstep:ModelVersion>weights 7</sharpstep:ModelVersion>",
            "<sharpstep:Process>4x super-resolution (direct model)</sharpstep:Process>"}) {
            assertTrue(xmp.contains(tag), tag + " missing");
        }
        assertFalse(xmp.contains("one-step diffusion") || xmp.contains("<sharpstep:Settings>"), "wrong kind noted");
        assertEquals(0, SharpStepCli.execute("upscale", photo.toString(), "--model", "bicubic", "--provenance", "-o",
                outDir.toString(), "--format", "jpg"));
        xmp = Files.readString(outDir.resolve("p_x4.jpg"), StandardCharsets.ISO_8859_1);
        assertTrue(xmp.contains("<sharpstep:Process>4x bicubic resampling</sharpstep:Process>"), "bicubic");
        assertTrue(xmp.contains("<sharpstep:ModelKind>bicubic</sharpstep:ModelKind>"), "bicubic kind");
        log();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void restoreProperty(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
