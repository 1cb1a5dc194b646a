package io.sharpstep.install;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.ProgressListener;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.Timings;
import io.sharpstep.engine.Engine;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.raster.Workspace;

import java.nio.file.Path;

/**
 * The check a freshly built pack must pass before it is listed: it loads (manifest and graph contracts), and a
 * small drawn photo goes through it on the device the app would use, giving numbers that are neither NaN nor
 * black nor flat. The only place the installer runs the engine.
 */
final class SampleCheck {
    /** What the sample gave: empty problem when fine, else "NaN", "black" or "flat". */
    record Result(String problem, String device) {
        boolean ok() {
            return problem.isEmpty();
        }
    }

    private SampleCheck() {
    }

    /** Loads {@code dir} as a pack and runs the sample; load failures are PACK errors. */
    static Result run(Path dir, CancelToken cancel) {
        ModelPack pack = ManifestReader.load(dir);
        FloatImage sample = sample(48, 40);
        try (Upscaler u = Engine.open(pack, UpscaleOptions.DEFAULT); Workspace ws = Workspace.inHeap()) {
            FloatImage out = FloatImage.zeros(3, sample.width() * u.scale(), sample.height() * u.scale());
            u.upscale(sample.asSource(8), out.asSink(), ws, new RunContext(ProgressListener.NONE, cancel,
                    new Timings()));
            return new Result(problem(out), u.device().describe());
        }
    }

    static String problem(FloatImage img) {
        float[] v = img.data();
        double sum = 0;
        double sq = 0;
        float max = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return "NaN";
            }
            sum += x;
            sq += (double) x * x;
            max = Math.max(max, x);
        }
        double mean = sum / v.length;
        if (max < 0.02f) {
            return "black";
        }
        return sq / v.length - mean * mean < 1e-8 ? "flat" : "";
    }

    /** A small photo-like picture: soft light, two discs, fine texture (drawn, so nothing to ship). */
    static FloatImage sample(int w, int h) {
        FloatImage img = FloatImage.zeros(3, w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] c = {0.25 + 0.5 * x / w, 0.3 + 0.4 * y / h, 0.6 - 0.3 * (x + y) / (w + h)};
                if (Math.hypot(x - w * 0.3, y - h * 0.4) < h * 0.25) {
                    c = new double[] {0.85, 0.35, 0.2};
                } else if (Math.hypot(x - w * 0.72, y - h * 0.65) < h * 0.2) {
                    c = new double[] {0.15, 0.45, 0.8};
                }
                double tex = 0.05 * Math.sin(x * 0.9) * Math.sin(y * 0.7);
                for (int ch = 0; ch < 3; ch++) {
                    img.set(ch, x, y, (float) (Math.round(Math.min(1, Math.max(0, c[ch] + tex)) * 255) / 255.0));
                }
            }
        }
        return img;
    }
}
