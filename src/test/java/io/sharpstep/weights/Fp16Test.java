package io.sharpstep.weights;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Half precision against numpy's astype(float16), bit for bit (models/fixtures/make_weights_fixtures.py). */
class Fp16Test {
    @Test
    void floatToHalfMatchesNumpyOnEdgeCasesAndRandomValues() throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Path.of("src/test/resources/weights/fp16.bin")))
                .order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt();
        int mismatches = 0;
        String first = "";
        for (int i = 0; i < n; i++) {
            float f = b.getFloat(4 + 4 * i);
            short want = b.getShort(4 + 4 * n + 2 * i);
            short got = Fp16.fromFloat(f);
            if (got != want) {
                if (mismatches++ == 0) {
                    first = f + " (0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + "): numpy 0x"
                            + Integer.toHexString(want & 0xFFFF) + ", ours 0x" + Integer.toHexString(got & 0xFFFF);
                }
            }
        }
        assertTrue(n > 60_000);
        assertEquals(0, mismatches, first);
    }

    @Test
    void everyHalfWidensExactlyAndRoundTrips() {
        for (int h = 0; h < 65536; h++) {
            float f = Fp16.toFloat((short) h);
            if (Float.isNaN(f)) {
                assertTrue((h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0);
                continue;
            }
            assertEquals((short) h, Fp16.fromFloat(f), "half 0x" + Integer.toHexString(h));
        }
        assertEquals(65504f, Fp16.toFloat((short) 0x7BFF));
        assertEquals(5.9604645e-8f, Fp16.toFloat((short) 1));
        assertEquals(1.0f, Fp16.bf16ToFloat((short) 0x3F80));
    }
}
