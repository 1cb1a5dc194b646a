package io.sharpstep.convert;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Quality of the converted Real-ESRGAN packs against bicubic on real photos: 512x512 centre crops of Debian
 * mate-backgrounds nature photos are reduced x4 with bicubic (clean set), and additionally blurred, noised
 * and JPEG-compressed (degraded set, seeded); each 128x128 LR crop is upscaled x4 untiled on the CPU and
 * scored with PSNR/SSIM on Y (BT.601), 4 px border cropped. Prints a Markdown table. Command line (after
 * {@code mvn test-compile}): {@code java -cp target/test-classes:target/classes:<deps>
 * io.sharpstep.convert.QualityReport [hr-reduce]}; with {@code hr-reduce} n &gt; 1 each whole photo is first
 * reduced n times with bicubic, which gives a sharper ground truth than the photos' own soft pixels.
 */
public final class QualityReport {

    static final List<String> PHOTOS = List.of("Aqua.jpg", "Dune.jpg", "GreenMeadow.jpg", "LadyBird.jpg",
            "TwoWings.jpg", "Wood.jpg");
    static final int HR = 512;
    static final double BLUR_SIGMA = 0.8;
    static final double NOISE_SIGMA = 5.0 / 255;
    static final float JPEG_QUALITY = 0.70f;

    private QualityReport() {
    }

    /**
     * @param args optional whole-photo pre-reduction factor (default 1)
     */
    public static void main(String[] args) throws Exception {
        Path plus = ReferenceCheck.PACKS.resolve("realesrgan-x4plus/model.onnx");
        Path fast = ReferenceCheck.PACKS.resolve("realesrgan-x4fast/model.onnx");
        String[] methods = {"bicubic", "x4fast", "x4plus"};
        String[] sets = {"clean", "degraded"};
        double[][][] sum = new double[2][3][2];
        StringBuilder rows = new StringBuilder();
        int reduce = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        try (OrtModel mPlus = new OrtModel(plus); OrtModel mFast = new OrtModel(fast)) {
            long seed = 1;
            for (String name : PHOTOS) {
                Images full = Images.read(ReferenceCheck.PHOTOS.resolve(name));
                if (reduce > 1) {
                    full = full.resize(full.w() / reduce, full.h() / reduce).quantised();
                }
                Images hr = full.crop((full.w() - HR) / 2, (full.h() - HR) / 2, HR, HR).quantised();
                Images clean = hr.resize(HR / 4, HR / 4).quantised();
                Images degraded = clean.blur(BLUR_SIGMA).noise(NOISE_SIGMA, seed++).jpeg(JPEG_QUALITY);
                double[][] ref = Metrics.luma(hr, 4);
                Images[] lrs = {clean, degraded};
                for (int s = 0; s < 2; s++) {
                    Images[] outs = {lrs[s].resize(HR, HR), mFast.run(lrs[s], 4), mPlus.run(lrs[s], 4)};
                    rows.append("| ").append(name.replace(".jpg", "")).append(" | ").append(sets[s]);
                    for (int m = 0; m < 3; m++) {
                        double[][] y = Metrics.luma(outs[m].quantised(), 4);
                        double p = Metrics.psnr(ref, y);
                        double q = Metrics.ssim(ref, y);
                        sum[s][m][0] += p;
                        sum[s][m][1] += q;
                        rows.append(String.format(Locale.ROOT, " | %.2f / %.4f", p, q));
                    }
                    rows.append(" |\n");
                }
                System.err.println("done " + name);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| photo | set | ").append(String.join(" | ", methods)).append(" |\n");
        out.append("|---|---|---|---|---|\n").append(rows);
        for (int s = 0; s < 2; s++) {
            out.append("| **mean** | **").append(sets[s]).append("**");
            for (int m = 0; m < 3; m++) {
                out.append(String.format(Locale.ROOT, " | **%.2f / %.4f**", sum[s][m][0] / PHOTOS.size(),
                        sum[s][m][1] / PHOTOS.size()));
            }
            out.append(" |\n");
        }
        System.out.print(out);
    }
}
