package io.sharpstep.engine;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.ops.NormStats;
import io.sharpstep.engine.ort.OrtRuntime;
import io.sharpstep.engine.ort.VaeDecoder;
import io.sharpstep.engine.ort.VaeEncoder;
import io.sharpstep.engine.ort.VaeGraph;
import io.sharpstep.engine.pack.GroupNormSpec;
import io.sharpstep.engine.pack.LatentSpec;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edited VAE graphs of sdvae-fixture in ONNX Runtime against what the unedited torch model computed
 * (fixtures/vae-reference, models/fixtures/make_vae_fixture.py), and the load-time contract.
 */
class VaeGraphStatisticsTest {
    private static final Path REF = Fixtures.ROOT.resolve("vae-reference");
    private static final DeviceInfo CPU = OrtRuntime.resolve(DeviceSpec.CPU);

    @TempDir
    Path tmp;

    private static float[] raw(String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(REF.resolve(name))).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static double maxRel(float[] a, float[] b) {
        double scale = 0;
        for (float v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        return Fixtures.maxAbs(a, b) / scale;
    }

    @Test
    void mixZeroIsTheUneditedModelAndItsStatisticsFedBackReproduceTheRun() throws IOException {
        ModelPack pack = Fixtures.pack("sdvae-fixture");
        LatentSpec ls = ((io.sharpstep.engine.pack.LatentManifest) pack.manifest()).latent();
        assertEquals(new GroupNormSpec(22, 32), ls.encoderStats());
        assertEquals(new GroupNormSpec(30, 32), ls.decoderStats());
        RunContext ctx = RunContext.quiet();
        try (VaeEncoder enc = new VaeEncoder(pack, CPU);
             VaeDecoder dec = new VaeDecoder(pack, CPU)) {
            assertTrue(enc.takesPixelWeights() && dec.takesPixelWeights());
            VaeGraph.Result e = enc.encode(raw("encoder-in"), 48, 64, null, null, ctx);
            VaeGraph.Result d = dec.decode(raw("decoder-in"), 6, 8, null, null, ctx);
            double[] err = {Fixtures.maxAbs(e.data(), raw("encoder-out")), Fixtures.maxAbs(d.data(), raw("decoder-out")),
                maxRel(e.gnStats(), raw("encoder-stats")), maxRel(d.gnStats(), raw("decoder-stats"))};
            System.out.printf("vs unedited torch: encoder %.2e, decoder %.2e; gn_stats rel %.2e, %.2e%n", err[0],
                    err[1], err[2], err[3]);
            assertTrue(err[0] <= 1e-4 && err[1] <= 1e-4, "outputs differ: " + err[0] + ", " + err[1]);
            assertTrue(err[2] <= 1e-5 && err[3] <= 1e-5, "statistics differ: " + err[2] + ", " + err[3]);
            assertEquals(Fixtures.maxAbs(e.data(), enc.encode(raw("encoder-in"), 48, 64, ctx)), 0.0, "plain call");

            VaeGraph.Result e1 = enc.encode(raw("encoder-in"), 48, 64, NormStats.of(e.gnStats(), 22, 32), null, ctx);
            VaeGraph.Result d1 = dec.decode(raw("decoder-in"), 6, 8, NormStats.of(d.gnStats(), 30, 32), null, ctx);
            assertTrue(Fixtures.maxAbs(e1.data(), e.data()) <= 1e-5 && Fixtures.maxAbs(d1.data(), d.data()) <= 1e-5,
                    "fed back: " + Fixtures.maxAbs(e1.data(), e.data()) + ", " + Fixtures.maxAbs(d1.data(), d.data()));
            // Statistics of another input really change the result (so the check above can fail).
            VaeGraph.Result other = dec.decode(raw("decoder-in"), 6, 8, NormStats.of(scaled(d.gnStats(), 1.5f), 30,
                    32), null, ctx);
            assertTrue(Fixtures.maxAbs(other.data(), d.data()) > 1e-2);
        }
    }

    private static float[] scaled(float[] v, float s) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    @Test
    void aGraphWithoutStatisticsRunsEveryModeAsPerTile() {
        // latent-fixture's graphs take no statistics: settle() keeps each tile's own.
        ModelPack pack = Fixtures.pack("latent-fixture");
        try (VaeDecoder dec = new VaeDecoder(pack, CPU)) {
            assertNull(dec.statistics());
            assertNull(VaeStatistics.settle(VaeStatisticsMode.EXACT, dec, java.util.List.of(
                    new io.sharpstep.core.Rect(0, 0, 8, 8), new io.sharpstep.core.Rect(4, 0, 8, 8)), 12, 8, 64,
                    () -> { throw new AssertionError(); }, (i, g, k, w) -> { throw new AssertionError(); }));
        }
    }

    private String loadFailure(String id, UnaryOperator<String> edit) {
        Path dir = Fixtures.copyPack(id, tmp.resolve("p" + System.nanoTime()), edit);
        SharpStepException e = assertThrows(SharpStepException.class,
                () -> Engine.open(ManifestReader.load(dir), UpscaleOptions.DEFAULT.withDevice(DeviceSpec.CPU)).close());
        System.out.println(e.getMessage());
        assertEquals(SharpStepException.Kind.PACK, e.kind());
        return e.getMessage();
    }

    @Test
    void declaredStatisticsTheGraphsDoNotTakeFailToLoad() {
        String msg = loadFailure("latent-fixture", s -> s.replace("\"colorFix\"",
                "\"statistics\": {\"encoder\": {\"layers\": 22, \"groups\": 32}},\n  \"colorFix\""));
        assertEquals("The encoder graph does not fit: expected inputs gn_mean, gn_var and gn_mix (model.json declares "
                + "GroupNorm statistics for the encoder: 22 layers, 32 groups), found inputs [image].", msg);
    }

    @Test
    void graphsThatTakeStatisticsTheManifestDoesNotDeclareFailToLoad() {
        String msg = loadFailure("sdvae-fixture", s -> s.replaceAll("(?s)\"statistics\": \\{.*?\\}\\s*\\}", "\"x\": 0"));
        assertTrue(msg.startsWith("The encoder graph does not fit: expected one input (model.json declares no "
                + "GroupNorm statistics for the encoder), found 5 inputs [gn_mean, gn_mix, gn_var, gn_weight, image]"), msg);
    }

    @Test
    void aWrongLayerCountFailsToLoadWithBothCounts() {
        String msg = loadFailure("sdvae-fixture", s -> s.replace("\"layers\": 30", "\"layers\": 29"));
        assertEquals("The decoder graph does not fit: expected gn_mean [29,32], found gn_mean [30,32].", msg);
    }

    @Test
    void badStatisticsFieldsAreNamed() {
        Path dir = Fixtures.copyPack("sdvae-fixture", tmp, s -> s.replace("\"layers\": 30", "\"layers\": 0"));
        String msg = assertThrows(SharpStepException.class, () -> ManifestReader.load(dir)).getMessage();
        assertEquals("Model pack 'sdvae-fixture': expected statistics.decoder layers and groups ≥ 1, found 0 layers, "
                + "32 groups.", msg);
    }
}
