package io.sharpstep.engine;

import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.FloatImage;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.pack.ManifestReader;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 13, item 20: a malformed model.json (cut short, not JSON, extreme numbers, wrong types) is one sentence
 * naming the pack, like every other pack problem; never a Java class name, never an arithmetic overflow. A
 * seeded fuzz of the direct fixture's manifest: each mutant either loads and enlarges a small photo, or fails
 * with such a sentence.
 */
class ManifestFuzzTest {
    private static final UpscaleOptions CPU = UpscaleOptions.DEFAULT.withDevice(DeviceSpec.CPU);
    private static final String[] EXTREMES = {"0", "-1", "1e9", "2147483647", "-2147483648", "9223372036854775807",
        "1e308", "1e999", "-1e999", "0.5", "NaN", "Infinity", "null", "true", "\"x\"", "[]", "{}", "[1,2]"};

    @TempDir
    Path tmp;

    private int count;

    @Test
    void malformedManifestsGiveOneSentenceEach() throws IOException {
        String good = Files.readString(Fixtures.packDir("direct-fixture").resolve("model.json"));
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "Model pack 'direct-fixture': model.json is empty.");
        cases.put("{", "Model pack 'direct-fixture': model.json is not valid JSON (it ends too early, at line 1,"
                + " column 2).");
        cases.put(good.substring(0, good.length() / 2), null);
        cases.put("[1]", "Model pack 'direct-fixture': model.json must hold a JSON object { … }, not a list.");
        cases.put("42", "Model pack 'direct-fixture': model.json must hold a JSON object { … }, not a single value.");
        cases.put("{\"a\": 1} }", null);
        cases.put("[".repeat(200_000), null);
        cases.put(good.replace("\"overlap\": 16", "\"overlap\": 16, \"border\": 1000000000"),
                "Model pack 'direct-fixture': expected tiles.border between 0 and 256, found 1000000000.");
        cases.put(good.replace("\"tile\": 256", "\"tile\": 2147483647"), null);
        cases.put(good.replace("\"overlap\": 16", "\"overlap\": 16, \"multiple\": 2147483647"), null);
        cases.put(good.replace("\"scale\": 4", "\"scale\": 1e999"), null);
        cases.put(good.replace("\"model.onnx\"", "\"model.json\""), "Model pack 'direct-fixture': model.json is not"
                + " an ONNX model (it is damaged or another kind of file).");
        cases.put(good.replace("\"model.onnx\"", "\".\""), null);
        cases.put(good.replace("\"model.onnx\"", "null"), null);
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String msg = outcome(c.getKey().getBytes(StandardCharsets.UTF_8));
            System.out.println(abbreviate(c.getKey()) + " -> " + msg);
            if (c.getValue() != null) {
                assertEquals(c.getValue(), msg);
            } else {
                assertTrue(msg != null, "loaded: " + abbreviate(c.getKey()));
            }
        }
        assertTrue(outcome(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'})
                .endsWith("model.json is not UTF-8 text."));
        byte[] huge = new byte[2 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        assertTrue(outcome(huge).endsWith("too large for a manifest (at most 1 MB)."));
    }

    @Test
    void fuzzedManifestsLoadAndRunOrFailWithOneSentence() throws IOException {
        String good = Files.readString(Fixtures.packDir("direct-fixture").resolve("model.json"));
        Random rnd = new Random(20);
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < 250; i++) {
            String m = mutate(good, rnd);
            String msg = outcome(m.getBytes(StandardCharsets.UTF_8));
            if (msg == null) {
                loaded++;
            } else {
                refused++;
            }
        }
        System.out.println("fuzzed manifests: " + loaded + " loaded and ran, " + refused + " refused in one sentence");
        assertTrue(loaded > 10 && refused > 10, loaded + " / " + refused);
    }

    /** Null if the pack loaded and enlarged a photo; else the sentence, checked to be a clean one. */
    private String outcome(byte[] manifest) throws IOException {
        Path dir = Fixtures.copyPack("direct-fixture", tmp.resolve("m" + count++), s -> s);
        Files.write(dir.resolve("model.json"), manifest);
        try {
            ModelPack pack = ManifestReader.load(dir);
            try (Upscaler up = Engine.open(pack, CPU)) {
                FloatImage out = Fixtures.enlarge(up, Fixtures.syntheticPhoto(24, 20, 1), true, RunContext.quiet());
                assertEquals(24 * pack.manifest().scale(), out.width());
            }
            return null;
        } catch (SharpStepException e) {
            assertOneSentence(e.getMessage());
            return e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            fail("not a sentence for " + abbreviate(new String(manifest, StandardCharsets.UTF_8)) + ": " + e, e);
            return "";
        }
    }

    static void assertOneSentence(String msg) {
        assertTrue(msg.endsWith("."), msg);
        assertFalse(msg.contains("\n"), msg);
        for (String bad : new String[] {"Exception", "Error:", "java.", "com.google", "gson", "\tat "}) {
            assertFalse(msg.contains(bad), "'" + bad + "' in: " + msg);
        }
    }

    private static String mutate(String s, Random rnd) {
        StringBuilder b = new StringBuilder(s);
        int ops = 1 + rnd.nextInt(3);
        for (int k = 0; k < ops; k++) {
            int op = rnd.nextInt(5);
            if (op == 0) {
                return b.substring(0, rnd.nextInt(b.length()));
            }
            if (op == 1) {
                List<int[]> numbers = new ArrayList<>();
                java.util.regex.Matcher mt = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?").matcher(b);
                while (mt.find()) {
                    numbers.add(new int[] {mt.start(), mt.end()});
                }
                int[] n = numbers.get(rnd.nextInt(numbers.size()));
                b.replace(n[0], n[1], EXTREMES[rnd.nextInt(EXTREMES.length)]);
            } else if (op == 2) {
                b.deleteCharAt(rnd.nextInt(b.length()));
            } else if (op == 3) {
                String chars = "{}[]\",:0-9ex\\ ";
                b.insert(rnd.nextInt(b.length()), chars.charAt(rnd.nextInt(chars.length())));
            } else {
                List<int[]> strings = new ArrayList<>();
                java.util.regex.Matcher mt = java.util.regex.Pattern.compile(": (\"[^\"]*\")").matcher(b);
                while (mt.find()) {
                    strings.add(new int[] {mt.start(1), mt.end(1)});
                }
                int[] n = strings.get(rnd.nextInt(strings.size()));
                b.replace(n[0], n[1], EXTREMES[rnd.nextInt(EXTREMES.length)]);
            }
        }
        return b.toString();
    }

    private static String abbreviate(String s) {
        String one = s.replace("\n", " ");
        return one.length() > 60 ? one.substring(0, 60) + "…" : one;
    }
}
