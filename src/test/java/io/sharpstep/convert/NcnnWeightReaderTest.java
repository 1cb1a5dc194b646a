package io.sharpstep.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NcnnWeightReaderTest {

    static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void readsFp16BlobWithPaddingThenRawFp32() {
        ByteBuffer b = le(4 + 8 + 8);
        b.putInt(NcnnWeightReader.TAG_FP16);
        b.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x3555).putShort((short) 0);
        b.putFloat(0.25f).putFloat(-3f);
        NcnnWeightReader r = new NcnnWeightReader(b.array(), "t.bin");
        float[] w = r.readTagged(3, "conv");
        assertArrayEquals(new float[] {1f, -2f, 0.33325195f}, w, 0f);
        assertArrayEquals(new float[] {0.25f, -3f}, r.readRaw(2, "bias"));
        assertEquals(0, r.remaining());
    }

    @Test
    void readsFp32TaggedAndUntaggedBlobs() {
        ByteBuffer b = le(4 + 8 + 4 + 4);
        b.putInt(NcnnWeightReader.TAG_FP32).putFloat(1.5f).putFloat(2.5f);
        b.putInt(0).putFloat(-7f);
        NcnnWeightReader r = new NcnnWeightReader(b.array(), "t.bin");
        assertArrayEquals(new float[] {1.5f, 2.5f}, r.readTagged(2, "a"));
        assertArrayEquals(new float[] {-7f}, r.readTagged(1, "b"));
        assertEquals(0, r.remaining());
    }

    @Test
    void readsQuantisedTable() {
        ByteBuffer b = le(4 + 1024 + 4);
        b.putInt(0x01010101);
        for (int i = 0; i < 256; i++) {
            b.putFloat(i * 0.5f);
        }
        b.put((byte) 3).put((byte) 255).put((byte) 0).put((byte) 0);
        NcnnWeightReader r = new NcnnWeightReader(b.array(), "t.bin");
        assertArrayEquals(new float[] {1.5f, 127.5f, 0f}, r.readTagged(3, "q"));
        assertEquals(0, r.remaining());
    }

    @Test
    void truncatedFileAndInt8FailClearly() {
        ByteBuffer b = le(8);
        b.putInt(NcnnWeightReader.TAG_FP32).putFloat(1f);
        ConversionException e = assertThrows(ConversionException.class,
                () -> new NcnnWeightReader(b.array(), "t.bin").readTagged(2, "conv9"));
        assertTrue(e.getMessage().startsWith("t.bin ends early while reading weights of conv9"), e.getMessage());
        ByteBuffer i8 = le(8);
        i8.putInt(NcnnWeightReader.TAG_INT8);
        e = assertThrows(ConversionException.class,
                () -> new NcnnWeightReader(i8.array(), "q.bin").readTagged(4, "conv1"));
        assertEquals("conv1 holds int8 weights in q.bin, which this converter does not support.", e.getMessage());
    }

    @Test
    void halfConversionCoversSpecialValues() {
        assertEquals(65504f, NcnnWeightReader.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, NcnnWeightReader.halfToFloat((short) 0x0001));
        assertEquals(-0f, NcnnWeightReader.halfToFloat((short) 0x8000));
        assertEquals(Float.POSITIVE_INFINITY, NcnnWeightReader.halfToFloat((short) 0x7C00));
        assertTrue(Float.isNaN(NcnnWeightReader.halfToFloat((short) 0x7E00)));
    }
}
