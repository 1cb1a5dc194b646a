package io.sharpstep.weights;

import io.sharpstep.core.SharpStepException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java merge against models/export/lora_merge.py's results on torch-made tensors, bit for bit. */
class LoraMergeTest {
    @Test
    void mergesExactlyAsThePythonExport() {
        try (SafetensorsFile f = SafetensorsFile.open(Path.of("src/test/resources/weights/lora.safetensors"))) {
            int cases = 0;
            for (String name : f.metadata().keySet()) {
                double alpha = Double.parseDouble(f.metadata().get(name));
                float[] got = LoraMerge.merge(name, f.tensor(name + ".weight"), f.tensor(name + ".lora_A"),
                        f.tensor(name + ".lora_B"), alpha);
                float[] want = f.tensor(name + ".merged").toFloats();
                assertEquals(want.length, got.length);
                for (int i = 0; i < want.length; i++) {
                    if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                        throw new AssertionError(name + "[" + i + "]: torch " + want[i] + ", ours " + got[i]);
                    }
                }
                cases++;
            }
            assertEquals(6, cases);
        }
    }

    @Test
    void shapesThatDoNotFitSaySo() {
        SharpStepException e = assertThrows(SharpStepException.class,
                () -> LoraMerge.rank("down.conv1", new long[] {8, 6, 3, 3}, new long[] {4, 7, 3, 3}, new long[] {8, 4, 1, 1}));
        assertEquals("The LoRA of down.conv1.lora_A does not fit: expected shape [4,6,3,3], found [4,7,3,3].",
                e.getMessage());
        assertTrue(assertThrows(SharpStepException.class, () -> LoraMerge.rank("l", new long[] {8, 6},
                new long[] {4, 6}, new long[] {8, 3})).getMessage().contains("lora_B"));
    }
}
