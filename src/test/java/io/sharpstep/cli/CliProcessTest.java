package io.sharpstep.cli;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.image.ImageFiles;
import io.sharpstep.testing.Fixtures;
import io.sharpstep.testing.Images;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 with the command line as a child process: item 4 (SIGINT / SIGTERM while a photo is being
 * enlarged), item 11 (a photo without read permission) and item 16 (ONNX Runtime's native library cannot be
 * unpacked). Linux only (signals, setpriv, ulimit).
 */
class CliProcessTest {
    @TempDir
    Path tmp;

    @Test
    void sigintAndSigtermStopThePhotoCleanUpSaySoAndExit130Or143() throws Exception {
        assumeLinux();
        // A process started in the background may inherit "SIGINT ignored", which the JVM then keeps and passes
        // on to its children; env resets it where that is so.
        List<String> prefix = sigintIgnoredHere() ? List.of("env", "--default-signal=INT") : List.of();
        Path photo = Images.write(Fixtures.syntheticPhoto(400, 300, 4), tmp.resolve("photo.png"));
        String slow = Fixtures.packDir("slow-direct").toString();
        for (String[] c : new String[][] {{"INT", "130"}, {"TERM", "143"}}) {
            Path outDir = tmp.resolve("out-" + c[0]);
            Path out = tmp.resolve("stdout-" + c[0]);
            Path err = tmp.resolve("stderr-" + c[0]);
            List<String> cmd = ChildCli.command(prefix, List.of(),
                    List.of("upscale", photo.toString(), "-o", outDir.toString(), "--model", slow, "--device", "cpu"));
            Process p = ChildCli.builder(cmd, out, err).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(err).contains("% Enhancing") && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(p.isAlive(), "the child ended before the signal (exit " + (p.isAlive() ? "-" : p.exitValue()) + "): " + Files.readString(err)
                    + Files.readString(out));
            Thread.sleep(300);
            long sent = System.nanoTime();
            assertEquals(0, new ProcessBuilder("kill", "-" + c[0], Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not stop after SIG" + c[0]);
            double seconds = (System.nanoTime() - sent) / 1e9;
            String log = Files.readString(err, StandardCharsets.UTF_8);
            System.out.printf("SIG%s: exit %d after %.2f s%n%s", c[0], p.exitValue(), seconds, log);
            assertEquals(Integer.parseInt(c[1]), p.exitValue(), log);
            assertTrue(log.contains("sharpstep: cancelled; photo.png was not written.\n"), log);
            assertFalse(log.contains("\tat ") || log.contains("Exception"), log);
            try (Stream<Path> files = Files.list(outDir)) {
                assertEquals(List.of(), files.map(f -> f.getFileName().toString()).toList(),
                        "the output folder holds something after SIG" + c[0]);
            }
            assertTrue(seconds < UpscaleCommand.STOP_GRACE_SECONDS, "stopped after " + seconds + " s");
        }
    }

    @Test
    void aPhotoWithoutReadPermissionSaysPermissionDenied() throws Exception {
        assumeLinux();
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Path locked = Images.write(Fixtures.syntheticPhoto(16, 12, 1), dir.resolve("locked.png"));
        Images.write(Fixtures.syntheticPhoto(16, 12, 2), dir.resolve("open.png"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        List<String> prefix;
        if (Files.isReadable(locked)) {
            // Root reads anything: drop the two capabilities that let it, so permissions apply to it as well.
            List<String> drop = List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search");
            Assumptions.assumeTrue(ChildCli.works(concat(drop, "true").toArray(new String[0])),
                    "running as root without setpriv: cannot make a file unreadable");
            prefix = drop;
        } else {
            prefix = List.of();
            SharpStepException e = assertThrows(SharpStepException.class,
                    () -> ImageFiles.read(locked, Long.MAX_VALUE));
            assertEquals("locked.png cannot be read: permission denied.", e.getMessage());
        }
        ChildCli.Result r = ChildCli.run(ChildCli.command(prefix, List.of(), List.of("upscale", dir.toString(),
                "--model", "bicubic", "-o", tmp.resolve("out").toString())), tmp, 120);
        System.out.println(r.all());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("sharpstep: locked.png cannot be read: permission denied.\n"), r.all());
        assertFalse(r.all().contains("cache"), r.all());
        assertTrue(Files.exists(tmp.resolve("out").resolve("open_x4.png")), "the batch goes on");
    }

    @Test
    void onnxRuntimeThatCannotBeUnpackedIsOneSentenceNamingTheFolder() throws Exception {
        assumeLinux();
        Path photo = Images.write(Fixtures.syntheticPhoto(16, 12, 1), tmp.resolve("p.png"));
        String pack = Fixtures.packDir("direct-fixture").toString();
        List<String> args = List.of("upscale", photo.toString(), "-o", tmp.resolve("out").toString(), "--model",
                pack, "--device", "cpu");
        Path missing = tmp.resolve("no-such-folder");
        ChildCli.Result r = ChildCli.run(ChildCli.command(List.of(), List.of("-Djava.io.tmpdir=" + missing), args),
                tmp, 120);
        System.out.println(r.all());
        assertEquals(1, r.exit(), r.all());
        assertEquals("sharpstep: ONNX Runtime cannot start: its native library could not be unpacked into " + missing
                + " (the folder does not exist); make room there or start SharpStep with -Djava.io.tmpdir set to"
                + " another folder.\n", r.err());
        assertEquals("", r.out());

        // A file-size limit (ulimit -f) stops the unpacking half way.
        Assumptions.assumeTrue(ChildCli.works("bash", "-c", "ulimit -f 4096"), "bash ulimit");
        Path small = Files.createDirectories(tmp.resolve("limited-tmp"));
        r = ChildCli.run(ChildCli.command(List.of("bash", "-c", "ulimit -f 4096 && exec \"$0\" \"$@\""),
                List.of("-Djava.io.tmpdir=" + small), args), tmp, 120);
        System.out.println(r.all());
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().startsWith("sharpstep: ONNX Runtime cannot start: its native library could not be"
                + " unpacked into " + small + " ("), r.all());
        assertEquals(1, r.err().lines().count(), r.all());
        for (String bad : new String[] {"\tat ", "Exception", "Error:", "UnsatisfiedLink", "java.lang"}) {
            assertFalse(r.all().contains(bad), bad + " in:\n" + r.all());
        }
    }

    /** Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status). */
    private static boolean sigintIgnoredHere() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 2) != 0;
            }
        }
        return false;
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> l = new java.util.ArrayList<>(a);
        l.add(b);
        return l;
    }

    private static void assumeLinux() {
        Assumptions.assumeTrue(System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux"),
                "needs Linux");
    }

}
