package io.sharpstep.engine;

import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.Rect;
import io.sharpstep.core.RunContext;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.ops.CoreKeys;
import io.sharpstep.engine.ops.KeyValues;
import io.sharpstep.engine.ort.OrtRuntime;
import io.sharpstep.engine.ort.VaeDecoder;
import io.sharpstep.engine.ort.VaeEncoder;
import io.sharpstep.engine.ort.VaeGraph;
import io.sharpstep.engine.pack.GraphContract;
import io.sharpstep.engine.pack.GraphPort;
import io.sharpstep.engine.pack.GroupNormSpec;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VAE graphs' shared attention keys (models/export/attn_kv.py): the contract at load, the graphs in ONNX Runtime
 * (a run's own keys fed back reproduce it; other keys change it) and how a tile weighs an estimate's keys.
 */
class SharedKeysTest {
    private static float[] photoLike(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (0.6 * Math.sin(i * 0.05) + 0.2 * r.nextGaussian());
        }
        return v;
    }

    @Test
    void aRunsOwnKeysFedBackReproduceItAndOtherKeysChangeIt() {
        ModelPack pack = Fixtures.pack("sdvae-fixture");
        RunContext ctx = RunContext.quiet();
        try (VaeEncoder enc = new VaeEncoder(pack, OrtRuntime.resolve(DeviceSpec.CPU));
             VaeDecoder dec = new VaeDecoder(pack, OrtRuntime.resolve(DeviceSpec.CPU))) {
            assertTrue(enc.takesKeys() && dec.takesKeys());
            float[] img = photoLike(3 * 64 * 48, 1);
            VaeGraph.Result e = enc.encode(img, 48, 64, null, null, ctx);
            KeyValues k = e.keys();
            assertEquals(List.of(6, 8, 32), List.of(k.width(), k.height(), k.channels()));
            VaeGraph.Result again = enc.encode(img, 48, 64, null, KeyValues.TileKeys.only(k), null, ctx);
            assertTrue(Fixtures.maxAbs(again.data(), e.data()) <= 1e-5, "fed back: " + Fixtures.maxAbs(again.data(), e.data()));
            assertNull(again.keys(), "a run given keys returns none");
            // the same keys twice at half weight (bias log ½ each) are the same attention
            KeyValues twice = new KeyValues(k.tokens() * 2, 1, k.channels(), concat(k.keys()), concat(k.values()));
            float[] half = new float[twice.tokens()];
            java.util.Arrays.fill(half, (float) Math.log(0.5));
            VaeGraph.Result doubled = enc.encode(img, 48, 64, null, new KeyValues.TileKeys(twice, half,
                    Float.NEGATIVE_INFINITY), null, ctx);
            assertTrue(Fixtures.maxAbs(doubled.data(), e.data()) <= 1e-5, "doubled: " + Fixtures.maxAbs(doubled.data(), e.data()));
            // another picture's keys change the result, so the checks above can fail
            KeyValues other = enc.encode(photoLike(3 * 64 * 48, 2), 48, 64, null, null, ctx).keys();
            VaeGraph.Result changed = enc.encode(img, 48, 64, null, KeyValues.TileKeys.only(other), null, ctx);
            assertTrue(Fixtures.maxAbs(changed.data(), e.data()) > 1e-3);

            float[] lat = photoLike(4 * 8 * 6, 3);
            VaeGraph.Result d = dec.decode(lat, 6, 8, null, null, ctx);
            VaeGraph.Result d1 = dec.decode(lat, 6, 8, null, KeyValues.TileKeys.only(d.keys()), null, ctx);
            assertTrue(Fixtures.maxAbs(d1.data(), d.data()) <= 1e-5, "decoder fed back: " + Fixtures.maxAbs(d1.data(), d.data()));
        }
    }

    private static float[] concat(float[] a) {
        float[] out = java.util.Arrays.copyOf(a, a.length * 2);
        System.arraycopy(a, 0, out, a.length, a.length);
        return out;
    }

    /** Keys of a run over {@code tile} whose key at latent (x, y) is 100·x + y (one channel), value its negative. */
    private static KeyValues positional(Rect tile) {
        float[] k = new float[tile.width() * tile.height()];
        float[] v = new float[k.length];
        for (int y = 0; y < tile.height(); y++) {
            for (int x = 0; x < tile.width(); x++) {
                k[y * tile.width() + x] = 100 * (tile.x() + x) + tile.y() + y;
                v[y * tile.width() + x] = -k[y * tile.width() + x];
            }
        }
        return new KeyValues(tile.width(), tile.height(), 1, k, v);
    }

    @Test
    void coreKeysTakeEachGridPointFromTheTileWhoseCoreHoldsIt() {
        // a 16x8 latent in two overlapping tiles; at most 32 keys: stride 2, an 8x4 grid at the odd positions
        Rect left = new Rect(0, 0, 10, 8);
        Rect right = new Rect(6, 0, 10, 8);
        CoreKeys grid = new CoreKeys(16, 8, 32);
        assertEquals(2, grid.stride());
        assertThrows(IllegalStateException.class, () -> new CoreKeys(16, 8, 32)
                .add(left, new Rect(0, 0, 8, 8), positional(left)).result(), "a grid with holes is refused");
        // the right tile's keys are shifted by one: only its core's must be taken
        KeyValues shifted = positional(new Rect(7, 0, 10, 8));
        KeyValues k = grid.add(left, new Rect(0, 0, 8, 8), positional(left))
                .add(right, new Rect(8, 0, 8, 8), new KeyValues(10, 8, 1, shifted.keys(), shifted.values())).result();
        assertEquals(List.of(8, 4, 1), List.of(k.width(), k.height(), k.channels()));
        for (int gy = 0; gy < 4; gy++) {
            for (int gx = 0; gx < 8; gx++) {
                int x = 2 * gx + 1;
                int y = 2 * gy + 1;
                float want = 100 * (x < 8 ? x : x + 1) + y;
                assertEquals(want, k.keys()[gy * 8 + gx], "key at " + x + "," + y);
                assertEquals(-want, k.values()[gy * 8 + gx]);
            }
        }
        // enough room for every token: stride 1, the whole latent's keys
        assertEquals(1, new CoreKeys(16, 8, 1000).stride());
    }

    private static GraphPort port(String name, long... shape) {
        return new GraphPort(name, GraphPort.ElementType.FLOAT, shape);
    }

    private static List<GraphPort> inputs() {
        return new ArrayList<>(List.of(port("latent", 1, 4, -1, -1), port("gn_mean", 30, 32), port("gn_var", 30, 32),
                port("gn_mix", 30), port("attn_k", 1, -1, 512), port("attn_v", 1, -1, 512), port("attn_bias", 1, -1),
                port("attn_own", 1)));
    }

    private static List<GraphPort> outputs() {
        return new ArrayList<>(List.of(port("image", 1, 3, -1, -1), port("gn_stats", 30, 2, 32),
                port("attn_k_own", 1, -1, 512), port("attn_v_own", 1, -1, 512)));
    }

    private static GraphContract.Image decoder() {
        return new GraphContract.Image("decoder", 4, 3, 8, 1, false, new GroupNormSpec(30, 32));
    }

    @Test
    void theContractTakesAllTheKeyPortsOrNone() {
        GraphContract.ImageBinding b = (GraphContract.ImageBinding) decoder().check(inputs(), outputs());
        assertEquals(512, b.keyChannels());
        List<GraphPort> in = inputs();
        List<GraphPort> out = outputs();
        in.removeIf(p -> p.name().startsWith("attn"));
        out.removeIf(p -> p.name().startsWith("attn"));
        assertEquals(0, ((GraphContract.ImageBinding) decoder().check(in, out)).keyChannels());

        List<GraphPort> partial = inputs();
        partial.removeIf(p -> p.name().equals("attn_bias"));
        String msg = assertThrows(SharpStepException.class, () -> decoder().check(partial, outputs())).getMessage();
        assertEquals("The decoder graph does not fit: expected inputs attn_k, attn_v, attn_bias, attn_own and outputs "
                + "attn_k_own, attn_v_own together, found only attn_k, attn_k_own, attn_own, attn_v, attn_v_own.", msg);

        List<GraphPort> loose = inputs();
        loose.replaceAll(p -> p.name().equals("attn_k") ? port("attn_k", 1, -1, -1) : p);
        msg = assertThrows(SharpStepException.class, () -> decoder().check(loose, outputs())).getMessage();
        assertTrue(msg.startsWith("The decoder graph does not fit: expected attn_k [1, tokens, channels] with a fixed "
                + "channel count, found attn_k"), msg);

        List<GraphPort> wrongOut = outputs();
        wrongOut.replaceAll(p -> p.name().equals("attn_v_own") ? port("attn_v_own", 1, -1, 256) : p);
        msg = assertThrows(SharpStepException.class, () -> decoder().check(inputs(), wrongOut)).getMessage();
        assertEquals("The decoder graph does not fit: expected attn_v_own [1,?,512], found attn_v_own [1,?,256].", msg);
    }
}
