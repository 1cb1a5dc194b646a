package io.sharpstep.engine;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sharpstep.convert.OnnxGraph;
import io.sharpstep.core.CancelToken;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.jobs.JobListener;
import io.sharpstep.jobs.JobOutcome;
import io.sharpstep.jobs.JobSettings;
import io.sharpstep.jobs.UpscaleJob;
import io.sharpstep.testing.Fixtures;
import io.sharpstep.testing.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, items 2, 7, 8 and 9: model packs that lead outside their folder, graphs that are garbage, cut
 * short or do not fit their role, and models whose output is not numbers. Each is refused with one sentence,
 * the same when packs are listed (ONNX header only, no session) as when they load.
 */
class PackSafetyTest {
    private static final UpscaleOptions CPU = UpscaleOptions.DEFAULT.withDevice(DeviceSpec.CPU);

    @TempDir
    Path tmp;

    @Test
    void aGraphLinkedOutOfThePackIsRefusedAPackReachedThroughALinkIsFine() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.copy(Fixtures.packDir("direct-fixture").resolve("model.onnx"), outside.resolve("model.onnx"));
        Path root = Files.createDirectories(tmp.resolve("packs"));
        for (String target : new String[] {outside.resolve("model.onnx").toString(), "/etc/passwd",
            "../../../elsewhere/model.onnx"}) {
            Path pack = Fixtures.copyPack("direct-fixture", Files.createTempDirectory(root, "p"), s -> s);
            Files.delete(pack.resolve("model.onnx"));
            Files.createSymbolicLink(pack.resolve("model.onnx"), Path.of(target));
            String msg = assertThrows(SharpStepException.class, () -> ManifestReader.load(pack)).getMessage();
            assertEquals("Model pack 'direct-fixture': expected model.onnx inside the pack folder, found a link to"
                    + " a file outside it.", msg);
            assertThrows(SharpStepException.class, () -> Engine.open(new ModelPack("direct-fixture", pack,
                    Fixtures.pack("direct-fixture").manifest()), CPU), "opened a graph outside the pack");
        }
        // A prompt embedding linked out of a latent pack, likewise.
        Path latent = Fixtures.copyPack("latent-fixture", tmp.resolve("latent"), s -> s);
        Files.move(latent.resolve("prompt.bin"), outside.resolve("prompt.bin"));
        Files.createSymbolicLink(latent.resolve("prompt.bin"), outside.resolve("prompt.bin"));
        assertTrue(assertThrows(SharpStepException.class, () -> ManifestReader.load(latent)).getMessage()
                .contains("expected prompt.bin inside the pack folder, found a link to a file outside it."));
        // A link inside the pack is fine, and so is the pack folder itself reached through a link.
        Path fine = Fixtures.copyPack("direct-fixture", tmp.resolve("fine"), s -> s);
        Files.move(fine.resolve("model.onnx"), fine.resolve("real.onnx"));
        Files.createSymbolicLink(fine.resolve("model.onnx"), Path.of("real.onnx"));
        Path viaLink = Files.createSymbolicLink(tmp.resolve("linked-pack"), fine);
        ModelPack pack = ManifestReader.load(viaLink);
        try (Upscaler up = Engine.open(pack, CPU)) {
            assertEquals(80, Fixtures.enlarge(up, Fixtures.syntheticPhoto(20, 12, 3), true, RunContext.quiet())
                    .width());
        }
    }

    @Test
    void listingChecksEveryGraphFromItsHeaderAndLoadingSaysTheSame() throws IOException {
        Map<String, byte[]> graphs = new LinkedHashMap<>();
        byte[] big = direct(3, "image", 1, 3, "h", "w").toByteArray();
        graphs.put("empty", new byte[0]);
        byte[] garbage = new byte[4096];
        new Random(13).nextBytes(garbage);
        graphs.put("garbage", garbage);
        graphs.put("truncated", java.util.Arrays.copyOf(big, big.length / 2));
        graphs.put("channels", direct(4, "image", 1, 4, "h", "w").toByteArray());
        graphs.put("extra-input", withExtraInput());
        graphs.put("absurd-size", direct(3, "image", 1, 3, 100000L, 100000L).toByteArray());
        graphs.put("tiny-size", direct(3, "image", 1, 3, 2L, 2L).toByteArray());
        graphs.put("non-square", direct(3, "image", 1, 3, 64L, 128L).toByteArray());
        graphs.put("half-fixed", direct(3, "image", 1, 3, 64L, "w").toByteArray());
        graphs.put("batch-of-2", direct(3, "image", 2, 3, "h", "w").toByteArray());
        Map<String, String> expected = Map.of(
                "empty", "Model pack 'empty': model.onnx is empty (0 bytes).",
                "garbage", "Model pack 'garbage': model.onnx is not an ONNX model (it is damaged or another kind of"
                        + " file).",
                "truncated", "Model pack 'truncated': model.onnx is truncated: its end is missing.",
                "channels", "The model graph does not fit: expected input [1,3,?,?], found image [1,4,?,?].",
                "extra-input", "The model graph does not fit: expected one input, found 2 inputs [image, mask].",
                "absurd-size", "The model graph does not fit: expected a fixed input side between 8 and 4096, found"
                        + " image [1,3,100000,100000].",
                "tiny-size", "The model graph does not fit: expected a fixed input side between 8 and 4096, found"
                        + " image [1,3,2,2].",
                "non-square", "The model graph does not fit: expected a square input or a free height and width,"
                        + " found image [1,3,64,128].",
                "half-fixed", "The model graph does not fit: expected a square input or a free height and width,"
                        + " found image [1,3,64,?].",
                "batch-of-2", "The model graph does not fit: expected input [1,3,?,?], found image [2,3,?,?].");
        Path root = Files.createDirectories(tmp.resolve("packs"));
        Fixtures.copyPack("direct-fixture", root, s -> s);
        for (Map.Entry<String, byte[]> g : graphs.entrySet()) {
            Path pack = Fixtures.copyPack("direct-fixture", Files.createDirectories(tmp.resolve("src-" + g.getKey())),
                    s -> s);
            Files.write(pack.resolve("model.onnx"), g.getValue());
            Files.move(pack, root.resolve(g.getKey()));
        }
        PackCatalog catalog = new PackCatalog(List.of(root));
        assertEquals(List.of("bicubic", "direct-fixture"), catalog.packs().stream().map(ModelPack::id).toList(),
                "only the good pack is listed as usable");
        Map<String, String> problems = new LinkedHashMap<>();
        catalog.problems().forEach(p -> problems.put(p.dir().getFileName().toString(), p.message()));
        assertEquals(expected.keySet(), problems.keySet());
        for (String id : expected.keySet()) {
            assertEquals(expected.get(id), problems.get(id), id);
            // Loading says the same (the header is checked before ONNX Runtime sees the file).
            ModelPack pack = ManifestReader.load(root.resolve(id));
            SharpStepException e = assertThrows(SharpStepException.class, () -> Engine.open(pack, CPU));
            assertEquals(expected.get(id), e.getMessage(), id);
            assertEquals(SharpStepException.Kind.PACK, e.kind(), id);
            // Asked for by id, the catalog says what is wrong with it rather than that it does not exist.
            assertEquals(expected.get(id), assertThrows(SharpStepException.class, () -> catalog.find(id))
                    .getMessage());
        }
    }

    @Test
    void aFixedNonSquareInputIsRefusedAtLoadAFixedSquareOneWorks() throws IOException {
        Path pack = Fixtures.copyPack("direct-fixture", tmp.resolve("a"), s -> s);
        Files.write(pack.resolve("model.onnx"), direct(3, "image", 1, 3, 32L, 48L).toByteArray());
        SharpStepException e = assertThrows(SharpStepException.class,
                () -> Engine.open(ManifestReader.load(pack), CPU));
        assertEquals("The model graph does not fit: expected a square input or a free height and width, found image"
                + " [1,3,32,48].", e.getMessage());
        Path square = Fixtures.copyPack("direct-fixture", tmp.resolve("b"), s -> s);
        Files.write(square.resolve("model.onnx"), direct(3, "image", 1, 3, 32L, 32L).toByteArray());
        try (Upscaler up = Engine.open(ManifestReader.load(square), CPU)) {
            assertEquals(160, Fixtures.enlarge(up, Fixtures.syntheticPhoto(40, 30, 5), true, RunContext.quiet())
                    .width());
        }
    }

    @Test
    void runtimeMessagesReachPeopleAsOneCleanSentence() throws IOException {
        Path pack = Fixtures.copyPack("direct-fixture", tmp.resolve("a"), s -> s);
        OnnxGraph g = new OnnxGraph("broken");
        g.declare(true, "image", 1L, 3L, "h", "w");
        g.node("NoSuchOperator", List.of("image"), List.of("output"));
        g.declare(false, "output", 1L, 3L, "H", "W");
        Files.write(pack.resolve("model.onnx"), g.build("sharpstep-test", "unknown operator").toByteArray());
        String msg = assertThrows(SharpStepException.class, () -> Engine.open(ManifestReader.load(pack), CPU))
                .getMessage();
        System.out.println("unknown operator -> " + msg);
        assertTrue(msg.startsWith("Cannot load model.onnx: "), msg);
        assertClean(msg);
        assertTrue(msg.contains("NoSuchOperator"), msg);

        // A graph that loads but fails while it runs: ONNX Runtime's text carries a source location and a C++
        // signature ("…reshape_helper.h:… onnxruntime::ReshapeHelper::ReshapeHelper(const …&, …)").
        Path failing = Fixtures.copyPack("direct-fixture", tmp.resolve("b"), s -> s);
        Files.write(failing.resolve("model.onnx"), reshapeToFixedSize().toByteArray());
        try (Upscaler up = Engine.open(ManifestReader.load(failing), CPU)) {
            SharpStepException e = assertThrows(SharpStepException.class,
                    () -> Fixtures.enlarge(up, Fixtures.syntheticPhoto(40, 30, 5), true, RunContext.quiet()));
            System.out.println("run failure -> " + e.getMessage());
            assertTrue(e.getMessage().startsWith("The model failed: "), e.getMessage());
            assertTrue(e.getMessage().contains("cannot be reshaped"), e.getMessage());
            assertClean(e.getMessage());
        }
    }

    /** Free input size, but a Reshape to [1,3,8,8] inside: loads, then fails on any other size. */
    private static ModelProto reshapeToFixedSize() {
        OnnxGraph g = new OnnxGraph("test");
        g.declare(true, "image", 1L, 3L, "h", "w");
        String scales = g.floats("scales", new long[] {4}, new float[] {1, 1, 4, 4});
        g.node("Reshape", List.of("image", "shape"), List.of("fixed"));
        g.node("Resize", List.of("fixed", "", scales), List.of("output"));
        g.declare(false, "output", 1L, 3L, "H", "W");
        ModelProto m = g.build("sharpstep-test", "reshape to a fixed size");
        ai.onnx.proto.OnnxMl.TensorProto shape = ai.onnx.proto.OnnxMl.TensorProto.newBuilder().setName("shape")
                .setDataType(ai.onnx.proto.OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(4)
                .addAllInt64Data(List.of(1L, 3L, 8L, 8L)).build();
        return m.toBuilder().setGraph(m.getGraph().toBuilder().addInitializer(shape)).build();
    }

    @Test
    void aModelOutputHoldingNanOrInfinityFailsThePhotoNamingThePack() throws IOException {
        Path white = Images.write(flat(48, 32, 1f), tmp.resolve("white.png"));
        Map<String, String> expected = Map.of(
                "nan-direct", "The model pack 'nan-direct' produced values that are not numbers (NaN or infinity) in"
                        + " its model graph, so it cannot enlarge this photo.",
                "overflow-fp16", "The model pack 'overflow-fp16' produced values that are not numbers (NaN or"
                        + " infinity) in its model graph: float16 packs can overflow, so try the pack's fp32 variant.");
        for (Map.Entry<String, String> c : expected.entrySet()) {
            try (Upscaler up = Engine.open(Fixtures.pack(c.getKey()), CPU);
                 JobOutcome r = UpscaleJob.run(white, up, new JobSettings(tmp.resolve("out"), null, 0.9f, 1_000_000,
                         false), JobListener.NONE, new CancelToken())) {
                assertEquals(JobOutcome.Status.FAILED, r.status(), c.getKey());
                assertEquals(c.getValue(), r.message());
            }
        }
        // Dark pixels stay below both packs' thresholds: the check is on values, not on the pack.
        Path dark = Images.write(flat(48, 32, 0.2f), tmp.resolve("dark.png"));
        try (Upscaler up = Engine.open(Fixtures.pack("nan-direct"), CPU);
             JobOutcome r = UpscaleJob.run(dark, up, new JobSettings(tmp.resolve("out"), null, 0.9f, 1_000_000,
                     false), JobListener.NONE, new CancelToken())) {
            assertEquals(JobOutcome.Status.DONE, r.status(), r.message());
        }
        try (Stream<Path> files = Files.list(tmp.resolve("out"))) {
            assertEquals(List.of("dark_x4.png"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    static void assertClean(String msg) {
        assertFalse(msg.contains("::"), "C++ names: " + msg);
        assertFalse(msg.contains("\u001b"), "colour codes: " + msg);
        assertFalse(msg.contains(".."), "double full stop: " + msg);
        assertFalse(msg.matches("(?s).*\\.(cc|cpp|h):\\d+.*"), "source location: " + msg);
        assertFalse(msg.contains("\n"), "more than one line: " + msg);
        assertFalse(msg.contains("Exception") || msg.contains("java."), "Java class name: " + msg);
        assertTrue(msg.endsWith(".") && !msg.endsWith(".."), msg);
    }

    private static io.sharpstep.core.FloatImage flat(int w, int h, float v) {
        io.sharpstep.core.FloatImage img = io.sharpstep.core.FloatImage.zeros(3, w, h);
        java.util.Arrays.fill(img.data(), v);
        return img;
    }

    /** A direct graph: nearest ×4 Resize from an input of the given shape to an output of channels [1,c,?,?]. */
    static ModelProto direct(int channels, String input, Object... inputDims) {
        OnnxGraph g = new OnnxGraph("test");
        g.declare(true, input, inputDims);
        // Enough weight bytes that cutting the file in half cuts inside a field.
        g.floats("padding", new long[] {4096}, new float[4096]);
        String scales = g.floats("scales", new long[] {4}, new float[] {1, 1, 4, 4});
        g.node("Resize", List.of(input, "", scales), List.of("output"));
        g.declare(false, "output", 1L, (long) channels, "H", "W");
        return g.build("sharpstep-test", "contract test graph");
    }

    private static byte[] withExtraInput() {
        OnnxGraph g = new OnnxGraph("test");
        g.declare(true, "image", 1L, 3L, "h", "w");
        g.declare(true, "mask", 1L, 3L, "h", "w");
        g.node("Add", List.of("image", "mask"), List.of("sum"));
        String scales = g.floats("scales", new long[] {4}, new float[] {1, 1, 4, 4});
        g.node("Resize", List.of("sum", "", scales), List.of("output"));
        g.declare(false, "output", 1L, 3L, "H", "W");
        return g.build("sharpstep-test", "two inputs").toByteArray();
    }
}
