package io.sharpstep.engine.ort;

import io.sharpstep.core.DeviceSpec;
import io.sharpstep.engine.Engine;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens and closes a pack many times and prints the process's resident memory (VmRSS) after a warm-up and at
 * the end: {@code java ... OpenCloseProbe PACK_DIR WARMUP CYCLES DEVICE [leak]} (leak: never close, to see
 * what a leak looks like). Run in its own JVM with a fixed
 * heap, so that what grows is native memory.
 */
public final class OpenCloseProbe {
    private OpenCloseProbe() {
    }

    public static void main(String[] args) throws IOException {
        ModelPack pack = ManifestReader.load(Path.of(args[0]));
        int warmup = Integer.parseInt(args[1]);
        int cycles = Integer.parseInt(args[2]);
        UpscaleOptions options = UpscaleOptions.DEFAULT.withDevice(DeviceSpec.parse(args[3]));
        for (int i = 0; i < warmup; i++) {
            cycle(pack, options);
        }
        long before = rssKb();
        long t0 = System.nanoTime();
        boolean leak = args.length > 4 && args[4].equals("leak");
        for (int i = 0; i < cycles; i++) {
            if (leak) {
                Engine.open(pack, options).device(); // never closed: what a leak looks like, for comparison
            } else {
                cycle(pack, options);
            }
        }
        long after = rssKb();
        System.out.printf("cycles %d rssBeforeKb %d rssAfterKb %d seconds %.1f%n", cycles, before, after,
                (System.nanoTime() - t0) / 1e9);
    }

    private static void cycle(ModelPack pack, UpscaleOptions options) {
        try (Upscaler up = Engine.open(pack, options)) {
            up.device();
        }
    }

    static long rssKb() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
