package io.sharpstep.convert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU speed of the converted packs through ONNX Runtime Java (untiled, all cores) beside upscayl-bin
 * (ncnn on Vulkan, here mesa llvmpipe on the CPU) on the same image in the same run. Reports seconds and
 * seconds per output megapixel. Command line (after {@code mvn test-compile}):
 * {@code java -cp target/test-classes:target/classes:<deps> io.sharpstep.convert.SpeedBenchmark [lr size]
 * [--no-upscayl]}.
 */
public final class SpeedBenchmark {

    private SpeedBenchmark() {
    }

    /**
     * @param args optional LR size (default 128), optional {@code --no-upscayl}
     */
    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        boolean upscayl = !(args.length > 1 && args[1].equals("--no-upscayl"));
        Path work = Files.createDirectories(Path.of("target", "benchmark"));
        Images full = Images.read(ReferenceCheck.PHOTOS.resolve("GreenMeadow.jpg"));
        Images lr = full.crop((full.w() - size) / 2, (full.h() - size) / 2, size, size);
        Path in = work.resolve("lr-" + size + ".png");
        lr.writePng(in);
        lr = Images.read(in);
        double outMp = 16.0 * size * size / 1e6;
        System.out.printf(Locale.ROOT, "input %dx%d -> output %dx%d (%.3f MP), %d cores, %s %s%n", size, size,
                4 * size, 4 * size, outMp, Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
                System.getProperty("java.version"));
        UpscaylBin ref = upscayl && UpscaylBin.unavailableReason() == null
                ? UpscaylBin.extract(Path.of("target", "upscayl")) : null;
        for (String model : new String[] {"realesrgan-x4fast", "realesrgan-x4plus"}) {
            long t0 = System.nanoTime();
            double best = Double.MAX_VALUE;
            try (OrtModel m = new OrtModel(ReferenceCheck.PACKS.resolve(model).resolve("model.onnx"))) {
                double load = (System.nanoTime() - t0) / 1e9;
                m.run(lr, 4); // warm-up
                for (int i = 0; i < 2; i++) {
                    long t = System.nanoTime();
                    m.run(lr, 4);
                    best = Math.min(best, (System.nanoTime() - t) / 1e9);
                }
                System.out.printf(Locale.ROOT, "ORT Java CPU   %-18s %7.2f s/run  %7.2f s/output-MP  (session load %.1f s,"
                        + " best of 2 after warm-up)%n", model, best, best / outMp, load);
            }
            if (ref != null) {
                long t = System.nanoTime();
                ref.upscale(in, work.resolve("out-" + model + ".png"), model, 1200);
                double s = (System.nanoTime() - t) / 1e9;
                System.out.printf(Locale.ROOT, "upscayl-bin    %-18s %7.2f s/run  %7.2f s/output-MP  (one process run:"
                        + " start, model load, upscale, PNG write)%n", model, s, s / outMp);
            }
        }
    }
}
