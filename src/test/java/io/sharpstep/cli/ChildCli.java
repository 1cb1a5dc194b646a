package io.sharpstep.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The command line started as a child process ({@code java io.sharpstep.cli.SharpStepCli ...}) with this
 * test run's classpath, for what only a real process shows: signals, exit codes, the JVM's own output,
 * another temp folder, dropped privileges.
 */
final class ChildCli {
    /** The child's exit code and everything it printed. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private ChildCli() {
    }

    /** target/classes, target/test-classes and the test runtime classpath. */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(Paths.get("target", "classes").toAbsolutePath().toString());
        entries.add(Paths.get("target", "test-classes").toAbsolutePath().toString());
        // Surefire's own booter jar (java.class.path) is no part of the application: use the test classpath
        // it names where there is one.
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The command: {@code prefix} (e.g. a tool that changes how the child starts), java with {@code jvmArgs},
     * the CLI with {@code args}.
     */
    static List<String> command(List<String> prefix, List<String> jvmArgs, List<String> args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("io.sharpstep.cli.SharpStepCli");
        cmd.addAll(args);
        return cmd;
    }

    static ProcessBuilder builder(List<String> command, Path stdout, Path stderr) {
        return new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    }

    /** Runs to the end (at most {@code seconds}). */
    static Result run(List<String> command, Path scratch, long seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        Process p = builder(command, out, err).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not end within " + seconds + " s: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Whether {@code cmd} runs and exits 0 here. */
    static boolean works(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
