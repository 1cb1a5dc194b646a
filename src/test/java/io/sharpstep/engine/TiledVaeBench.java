package io.sharpstep.engine;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.ort.OrtRuntime;
import io.sharpstep.engine.ort.VaeDecoder;
import io.sharpstep.engine.ort.VaeEncoder;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.testing.Fixtures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark (a program, not a test): tiled vs untiled VAE output for per-tile, shared and exact GroupNorm
 * statistics, with the shared error split into its borderless global part (untiled run with the estimated
 * statistics vs the true untiled run) and its seam part (tiled shared vs that untiled run), and the time of
 * each. Graphs: models/export/bench_vae_graphs.py (SD-2.1-size, random weights). Photos: mate-backgrounds.
 *
 * <pre>
 * java -Xmx3g -cp target/test-classes:target/classes:$(cat cp.txt) io.sharpstep.engine.TiledVaeBench \
 *     /tmp/sdvae SIZE[,SIZE] [exact-up-to-SIZE] [photo.jpg@x,y,w] [modes]
 * </pre>
 * modes: a comma list of shared, exact, per-tile (default all) and "whole": every tile run with the untiled
 * run's own statistics (what exact pooling converges to, up to the tiles' missing context; one tiled pass).
 * The estimate for shared statistics and keys is the plan's (LatentTilePlan: as large as the CPU's budget allows);
 * -Dbench.estimate=tile makes it one tile's size, what a photo many budget-sized tiles large gets.
 * -Dbench.tilings=engine (or 3x3) measures one tiling only; -Dbench.parts=encoder (or decoder) one part only; rows are printed as each part finishes.
 * The decoder decodes {@link Fixtures#photoLatent} (the photo as a latent at the scale OSEDiff feeds the decoder);
 * -Dbench.latent=encoder decodes the random encoder's latent instead (~30× weaker, see photoLatent).
 * SIZE: output side (512, 1024); the photo region (default GreenMeadow.jpg 0,0, side 1024) is box-averaged to
 * SIZE². Encoder PSNR is over the untiled latent's range (max − min), decoder PSNR over [0, 1].
 */
public final class TiledVaeBench {
    private TiledVaeBench() {
    }

    private record Tiling(String name, int encTile, int encOverlap, int decTile, int decOverlap) {
    }

    public static void main(String[] args) {
        ModelPack pack = ManifestReader.load(Path.of(args[0]));
        int exactUpTo = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        String photo = args.length > 3 ? args[3] : "GreenMeadow.jpg@0,0,1024";
        String[] p = photo.split("[@,]");
        List<String> names = args.length > 4 ? List.of(args[4].split(",")) : List.of("shared", "exact", "per-tile");
        List<VaeStatisticsMode> modes = names.stream().filter(n -> !n.equals("whole"))
                .map(VaeStatisticsMode::lookup).toList();
        boolean whole = names.contains("whole");
        // -Dbench.estimate=tile: estimate at one tile's size, as on a photo many budget-sized tiles large
        boolean tileEstimate = System.getProperty("bench.estimate", "plan").equals("tile");
        DeviceInfo cpu = OrtRuntime.resolve(DeviceSpec.CPU);
        RunContext ctx = RunContext.quiet();
        List<String> rows = new ArrayList<>();
        try (VaeEncoder enc = new VaeEncoder(pack, cpu);
             VaeDecoder dec = new VaeDecoder(pack, cpu)) {
            for (String s : args[1].split(",")) {
                int size = Integer.parseInt(s);
                int side = Integer.parseInt(p[3]);
                FloatImage img = Fixtures.photo(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]), size, size,
                        side / size);
                int lat = size / 8;
                LatentTilePlan plan = LatentTilePlan.of((io.sharpstep.engine.pack.LatentManifest) pack.manifest(),
                        UpscaleOptions.DEFAULT.withDevice(DeviceSpec.CPU), cpu,
                        lat, lat, enc.takesKeys() || dec.takesKeys());
                List<String> chosen = List.of(System.getProperty("bench.tilings", "engine,3x3").split(","));
                List<Tiling> tilings = List.of(
                        new Tiling("engine", plan.encoder(), plan.encoderOverlap(), plan.decoder(), plan.decoderOverlap()),
                        new Tiling("3x3", third(size, 64, 8), 64, third(lat, 16, 8), 16)).stream()
                        .filter(t -> chosen.contains(t.name())).toList();
                long t0 = System.nanoTime();
                FloatImage latent = new TiledVae().encode(enc, img, 1 << 20, 0, VaeStatisticsMode.PER_TILE, ctx);
                double encWhole = secs(t0);
                FloatImage decIn = System.getProperty("bench.latent", "photo").equals("encoder") ? latent
                        : Fixtures.photoLatent(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]), lat, lat,
                        side / lat, ((io.sharpstep.engine.pack.LatentManifest) pack.manifest()).latent().scalingFactor());
                t0 = System.nanoTime();
                FloatImage out = new TiledVae().decode(dec, decIn, 1 << 20, 0, VaeStatisticsMode.PER_TILE, ctx);
                double decWhole = secs(t0);
                rows.add(String.format("| %d² | untiled | — | — | %.1f s | — | %.1f s |", size, encWhole, decWhole));
                System.out.println(rows.get(rows.size() - 1));
                double range = range(latent);
                for (Tiling t : tilings) {
                    if (t.encTile() >= size && t.decTile() >= lat) {
                        rows.add(String.format("| %d² | %s: one tile (encoder %d px, decoder %d latent) | = untiled | | | | |",
                                size, t.name(), t.encTile(), t.decTile()));
                        System.out.println(rows.get(rows.size() - 1));
                        continue;
                    }
                    String tiles = String.format("encoder %d/%d px, decoder %d/%d latent", t.encTile(), t.encOverlap(),
                            t.decTile(), t.decOverlap());
                    if (whole) {
                        rows.add(wholeStatistics(size, t, tiles, enc, dec, img, latent, decIn, out, range, ctx));
                        System.out.println(rows.get(rows.size() - 1));
                    }
                    for (VaeStatisticsMode mode : modes) {
                        if (mode == VaeStatisticsMode.EXACT && size > exactUpTo) {
                            continue;
                        }
                        String parts = System.getProperty("bench.parts", "encoder,decoder");
                        TiledVae te = new TiledVae();
                        te.estimateSide = tileEstimate ? t.encTile() : plan.encoderEstimate();
                        t0 = System.nanoTime();
                        FloatImage el = parts.contains("encoder")
                                ? te.encode(enc, img, t.encTile(), t.encOverlap(), mode, ctx) : latent;
                        double encS = secs(t0);
                        System.out.printf("  (%d² %s %s encoder: %.2f dB, %.1f s, %d runs)%n", size, t.name(), mode.key(),
                                psnr(latent, el, range), encS, te.runs);
                        TiledVae td = new TiledVae();
                        td.estimateSide = tileEstimate ? t.decTile() : plan.decoderEstimate();
                        t0 = System.nanoTime();
                        FloatImage dl = parts.contains("decoder")
                                ? td.decode(dec, decIn, t.decTile(), t.decOverlap(), mode, ctx) : out;
                        double decS = secs(t0);
                        rows.add(String.format("| %d² | %s (%s) | %s | %.2f dB | %.1f s (%d runs) | %.2f dB | %.1f s (%d runs) |",
                                size, t.name(), tiles, mode.key(), psnr(latent, el, range), encS, te.runs,
                                psnr(out, dl, 1), decS, td.runs));
                        System.out.println(rows.get(rows.size() - 1));
                        if (mode == VaeStatisticsMode.SHARED) {
                            rows.add(split(size, t, tileEstimate ? t.encTile() : plan.encoderEstimate(),
                                    tileEstimate ? t.decTile() : plan.decoderEstimate(), enc, dec, img, latent, decIn,
                                    out, el, dl, range, ctx));
                            System.out.println(rows.get(rows.size() - 1));
                        }
                    }
                }
            }
        }
        System.out.println("\n| output | tiling | statistics | encoder PSNR | encoder time | decoder PSNR | decoder time |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** The shared error's global part (untiled with the estimate) and seam part (tiled vs that). */
    private static String split(int size, Tiling t, int encEstimate, int decEstimate, VaeEncoder enc, VaeDecoder dec,
                                FloatImage img, FloatImage latent, FloatImage decIn, FloatImage out,
                                FloatImage tiledLatent, FloatImage tiledOut, double range, RunContext ctx) {
        TiledVae e = new TiledVae();
        e.forced = TiledVae.estimate(enc, img, encEstimate, ctx);
        FloatImage globalLatent = e.encode(enc, img, 1 << 20, 0, VaeStatisticsMode.SHARED, ctx);
        TiledVae d = new TiledVae();
        d.forced = TiledVae.estimate(dec, decIn, decEstimate, ctx);
        FloatImage globalOut = d.decode(dec, decIn, 1 << 20, 0, VaeStatisticsMode.SHARED, ctx);
        return String.format("| %d² | %s | shared: global / seam part | %.2f / %.2f dB | | %.2f / %.2f dB | |", size,
                t.name(), psnr(latent, globalLatent, range), psnr(globalLatent, tiledLatent, range),
                psnr(out, globalOut, 1), psnr(globalOut, tiledOut, 1));
    }

    /**
     * Tiled with the untiled run's statistics at every layer (what exact pooling converges to) and, for graphs that
     * take them, its attention keys.
     */
    private static String wholeStatistics(int size, Tiling t, String tiles, VaeEncoder enc, VaeDecoder dec,
                                          FloatImage img, FloatImage latent, FloatImage decIn, FloatImage out, double range,
                                          RunContext ctx) {
        float[] in = img.data().clone();
        for (int i = 0; i < in.length; i++) {
            in[i] = in[i] * 2 - 1;
        }
        TiledVae e = new TiledVae();
        e.forced = TiledVae.shared(enc, enc.encode(in, img.width(), img.height(), null, null, ctx));
        long t0 = System.nanoTime();
        FloatImage el = e.encode(enc, img, t.encTile(), t.encOverlap(), VaeStatisticsMode.SHARED, ctx);
        double encS = secs(t0);
        TiledVae d = new TiledVae();
        d.forced = TiledVae.shared(dec, dec.decode(decIn.data(), decIn.width(), decIn.height(), null, null, ctx));
        t0 = System.nanoTime();
        FloatImage dl = d.decode(dec, decIn, t.decTile(), t.decOverlap(), VaeStatisticsMode.SHARED, ctx);
        double decS = secs(t0);
        return String.format("| %d² | %s (%s) | untiled run's statistics and keys | %.2f dB | %.1f s | %.2f dB | %.1f s |",
                size, t.name(), tiles, psnr(latent, el, range), encS, psnr(out, dl, 1), decS);
    }

    /** A tile side (multiple of {@code align}) that cuts {@code length} into 3 tiles with {@code overlap}. */
    private static int third(int length, int overlap, int align) {
        int t = (length + 2 * overlap + 2) / 3;
        return (t + align - 1) / align * align;
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double range(FloatImage x) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (float v : x.data()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo;
    }

    private static double psnr(FloatImage a, FloatImage b, double peak) {
        double mse = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = a.data()[i] - b.data()[i];
            mse += d * d;
        }
        mse /= a.data().length;
        return 10 * Math.log10(peak * peak / mse);
    }
}
