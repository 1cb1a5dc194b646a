package io.sharpstep.convert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Compares our converted ONNX model (ONNX Runtime, CPU, untiled) with the upstream real-esrgan-ncnn-vulkan
 * binary ({@code upscayl-bin}) on crops of real photos, and prints the mean absolute difference of the 8-bit
 * outputs. Command line (after {@code mvn test-compile}):
 * {@code java -cp target/test-classes:target/classes:<deps> io.sharpstep.convert.ReferenceCheck
 * <realesrgan-x4plus|realesrgan-x4fast> <crop size> [photo.jpg...]}.
 */
public final class ReferenceCheck {

    /** Folder of Debian mate-backgrounds nature photographs. */
    static final Path PHOTOS = Path.of("/usr/share/backgrounds/mate/nature");
    /** Where the build writes the converted packs. */
    static final Path PACKS = Path.of("models/packs");

    private ReferenceCheck() {
    }

    /** @return null when photos and converted packs are present, else why not */
    static String unavailableReason(String model) {
        if (!Files.isRegularFile(PHOTOS.resolve("Garden.jpg"))) {
            return "no " + PHOTOS + "/Garden.jpg (apt-get install mate-backgrounds)";
        }
        if (!Files.isRegularFile(PACKS.resolve(model).resolve("model.onnx"))) {
            return "no converted pack " + PACKS.resolve(model) + " (the build makes it when npm is online)";
        }
        return UpscaylBin.unavailableReason();
    }

    /** upscayl-bin mirror-pads each tile by this many input pixels for the Real-ESRGAN models. */
    static final int PREPADDING = 10;

    /**
     * Mean absolute differences (0..255 units) of our ONNX output from upscayl-bin's.
     *
     * @param plain  our model run untiled on the crop as it is (zero padding at the image border)
     * @param padded our model run untiled on the crop mirror-padded by {@link #PREPADDING} px and the
     *               padding cropped off again, which is what upscayl-bin does; this isolates the conversion
     */
    record Diff(double plain, double padded) {
    }

    /**
     * @return differences between upscayl-bin and our ONNX on a centre crop of {@code photo}
     */
    static Diff compare(UpscaylBin ref, String model, Path photo, int size, Path work) throws Exception {
        Images full = Images.read(photo);
        Images crop = full.crop((full.w() - size) / 2, (full.h() - size) / 2, size, size);
        String stem = photo.getFileName().toString().replace(".jpg", "") + "-" + size;
        Path in = work.resolve(stem + ".png");
        Path out = work.resolve(stem + "-" + model + "-ncnn.png");
        crop.writePng(in);
        ref.upscale(in, out, model, 600);
        Images theirs = Images.read(out);
        Images input = Images.read(in);
        Images ours;
        Images oursPadded;
        try (OrtModel m = new OrtModel(PACKS.resolve(model).resolve("model.onnx"))) {
            ours = m.run(input, 4);
            oursPadded = m.run(input.reflectPad(PREPADDING), 4)
                    .crop(4 * PREPADDING, 4 * PREPADDING, 4 * size, 4 * size);
        }
        ours.writePng(work.resolve(stem + "-" + model + "-onnx.png"));
        return new Diff(Metrics.meanAbsDiff255(ours, theirs), Metrics.meanAbsDiff255(oursPadded, theirs));
    }

    /**
     * @param args model, crop size, optional photos (default: all mate nature photos)
     */
    public static void main(String[] args) throws Exception {
        String model = args[0];
        int size = Integer.parseInt(args[1]);
        String why = unavailableReason(model);
        if (why != null) {
            System.err.println("cannot run: " + why);
            System.exit(1);
        }
        Path work = Files.createDirectories(Path.of("target", "reference-check"));
        UpscaylBin ref = UpscaylBin.extract(Path.of("target", "upscayl"));
        List<Path> photos;
        if (args.length > 2) {
            photos = java.util.Arrays.stream(args, 2, args.length).map(Path::of).toList();
        } else {
            try (var s = Files.list(PHOTOS)) {
                photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
            }
        }
        double sum = 0;
        double sumPlain = 0;
        double worst = 0;
        for (Path p : photos) {
            long t0 = System.nanoTime();
            Diff d = compare(ref, model, p, size, work);
            sum += d.padded();
            sumPlain += d.plain();
            worst = Math.max(worst, d.padded());
            System.out.printf(Locale.ROOT, "%-18s %s %dx%d  mean |ours - upscayl-bin| = %.3f/255 mirror-padded "
                    + "like upscayl-bin, %.3f/255 plain  (%.0f s)%n", p.getFileName(), model, size, size,
                    d.padded(), d.plain(), (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "mean over %d crops: %.3f/255 mirror-padded (worst %.3f), %.3f/255 plain%n",
                photos.size(), sum / photos.size(), worst, sumPlain / photos.size());
        System.exit(worst <= 2.0 ? 0 : 1);
    }
}
