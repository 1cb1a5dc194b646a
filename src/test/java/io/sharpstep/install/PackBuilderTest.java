package io.sharpstep.install;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sharpstep.core.CancelToken;
import io.sharpstep.core.ColorFix;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Precision;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.Engine;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.Upscaler;
import io.sharpstep.engine.pack.GroupNormSpec;
import io.sharpstep.engine.pack.LatentManifest;
import io.sharpstep.engine.pack.LatentSpec;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackGraphs;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java-built pack against the one models/export/export.py made from the same tiny sources. */
class PackBuilderTest {
    @TempDir
    Path tmp;

    @Test
    void fp32PackFromFp32FilesEqualsThePythonExport() throws Exception {
        check(Precision.FP32, "");
    }

    @Test
    void fp16PackFromFp16FilesEqualsThePythonExport() throws Exception {
        check(Precision.FP16, ".fp16");
    }

    @Test
    void theBuiltPackDeclaresTheGroupNormStatisticsItsVaeGraphsTake() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("statistics"));
        TemplateSet templates = InstallFixtures.templates();
        try (SourceWeights w = SourceWeights.open(InstallFixtures.paths(""), templates)) {
            PackBuilder.build(templates, w, Precision.FP32, Precision.FP32, dir, new CancelToken(), f -> { });
        }
        ModelPack built = ManifestReader.load(dir);
        ModelPack py = ManifestReader.load(InstallFixtures.pythonPack("fp32"));
        LatentSpec mine = ((LatentManifest) built.manifest()).latent();
        LatentSpec theirs = ((LatentManifest) py.manifest()).latent();
        // the CI VAE: 14 GroupNorms in the encoder, 22 in the decoder, 4 groups each (models/export/sd_models.py)
        assertEquals(new GroupNormSpec(14, 4), mine.encoderStats());
        assertEquals(new GroupNormSpec(22, 4), mine.decoderStats());
        assertEquals(theirs.encoderStats(), mine.encoderStats());
        assertEquals(theirs.decoderStats(), mine.decoderStats());
        PackGraphs.check(built);

        // VAE tiles of 64 output pixels: several tiles, so the modes differ; each must match the Python pack's.
        FloatImage in = Fixtures.syntheticPhoto(48, 40, 3);
        FloatImage[] outs = new FloatImage[VaeStatisticsMode.values().length];
        for (VaeStatisticsMode mode : VaeStatisticsMode.values()) {
            UpscaleOptions o = new UpscaleOptions(DeviceSpec.CPU, 0, 64, 0, ColorFix.NONE, mode);
            FloatImage a = enlarge(built, o, in);
            double diff = Fixtures.maxAbs(enlarge(py, o, in), a);
            assertTrue(diff <= 1e-5, mode.key() + ": outputs differ from the Python pack's by " + diff);
            outs[mode.ordinal()] = a;
        }
        double shared = Fixtures.maxAbs(outs[VaeStatisticsMode.SHARED.ordinal()],
                outs[VaeStatisticsMode.PER_TILE.ordinal()]);
        assertTrue(shared > 1e-3, "shared statistics changed nothing (" + shared + ")");
    }

    private static FloatImage enlarge(ModelPack pack, UpscaleOptions o, FloatImage in) {
        try (Upscaler u = Engine.open(pack, o)) {
            return Fixtures.enlarge(u, in, true, RunContext.quiet());
        }
    }

    @Test
    void theFp16VaeFallbackRebuildsEncoderAndDecoderInFp32() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("fallback"));
        TemplateSet templates = InstallFixtures.templates();
        try (SourceWeights w = SourceWeights.open(InstallFixtures.paths(""), templates)) {
            PackBuilder.build(templates, w, Precision.FP16, Precision.FP16, dir, new CancelToken(), f -> { });
            PackBuilder.rebuildVae(templates, w, dir, new CancelToken(), f -> { });
        }
        Path py = InstallFixtures.pythonPack("fp32");
        for (String g : new String[] {"encoder", "decoder"}) {
            assertArrayEquals(Files.readAllBytes(py.resolve(g + ".onnx.data")),
                    Files.readAllBytes(dir.resolve(g + ".onnx.data")), g);
        }
        try (Upscaler u = Engine.open(ManifestReader.load(dir), UpscaleOptions.DEFAULT.withDevice(DeviceSpec.CPU))) {
            assertEquals("", SampleCheck.problem(Fixtures.enlarge(u, SampleCheck.sample(24, 16), true, RunContext.quiet())));
        }
    }

    @Test
    void theSampleCheckNamesNanBlackAndFlatOutput() {
        FloatImage img = SampleCheck.sample(8, 8);
        assertEquals("", SampleCheck.problem(img));
        assertEquals("flat", SampleCheck.problem(new FloatImage(3, 4, 4, filled(48, 0.5f))));
        assertEquals("black", SampleCheck.problem(new FloatImage(3, 4, 4, filled(48, 0f))));
        float[] nan = filled(48, 0.5f);
        nan[7] = Float.NaN;
        assertEquals("NaN", SampleCheck.problem(new FloatImage(3, 4, 4, nan)));
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private void check(Precision precision, String variant) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("osediff-" + precision.key()));
        TemplateSet templates = InstallFixtures.templates();
        try (SourceWeights w = SourceWeights.open(InstallFixtures.paths(variant), templates)) {
            PackBuilder.build(templates, w, precision, precision, dir, new CancelToken(), f -> { });
        }
        Path py = InstallFixtures.pythonPack(precision.key());
        for (String g : new String[] {"encoder", "unet", "decoder"}) {
            assertArrayEquals(Files.readAllBytes(py.resolve(g + ".onnx.data")),
                    Files.readAllBytes(dir.resolve(g + ".onnx.data")), g + ".onnx.data differs");
            ModelProto mine = ModelProto.parseFrom(Files.readAllBytes(dir.resolve(g + ".onnx")));
            ModelProto theirs = ModelProto.parseFrom(Files.readAllBytes(py.resolve(g + ".onnx")));
            assertEquals(theirs.getGraph(), mine.getGraph(), g + ".onnx graph differs");
        }
        float[] a = floats(py.resolve("prompt.bin"));
        float[] b = floats(dir.resolve("prompt.bin"));
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        assertTrue(max <= 1e-5, "prompt embedding differs by " + max);

        FloatImage in = Fixtures.syntheticPhoto(24, 20, 5);
        FloatImage mineOut;
        FloatImage theirsOut;
        ModelPack built = ManifestReader.load(dir);
        assertEquals(PackBuilder.NAME, built.manifest().name());
        // model.json as export.py writes it, but for name and description
        LatentManifest theirsManifest = (LatentManifest) ManifestReader.load(py).manifest();
        LatentManifest mineManifest = (LatentManifest) built.manifest();
        assertEquals(theirsManifest.latent(), mineManifest.latent());
        assertEquals(theirsManifest.scheduler(), mineManifest.scheduler());
        assertEquals(theirsManifest.prompt().file(), mineManifest.prompt().file());
        assertArrayEquals(theirsManifest.prompt().shape(), mineManifest.prompt().shape());
        assertEquals(theirsManifest.tiles(), mineManifest.tiles());
        try (Upscaler u = Engine.open(built, UpscaleOptions.DEFAULT.withDevice(DeviceSpec.CPU))) {
            mineOut = Fixtures.enlarge(u, in, true, RunContext.quiet());
        }
        try (Upscaler u = Engine.open(ManifestReader.load(py), UpscaleOptions.DEFAULT.withDevice(DeviceSpec.CPU))) {
            theirsOut = Fixtures.enlarge(u, in, true, RunContext.quiet());
        }
        double diff = Fixtures.maxAbs(mineOut, theirsOut);
        assertTrue(diff <= 1e-5, "outputs differ by " + diff);
    }

    private static float[] floats(Path p) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
