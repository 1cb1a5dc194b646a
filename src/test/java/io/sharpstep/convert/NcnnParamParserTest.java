package io.sharpstep.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NcnnParamParserTest {

    static final String NET = """
            7767517
            3 4
            Input            in0      0 1 data 0=8 1=8 2=3
            Convolution      conv1    1 1 data c1 0=32 1=3 4=1 5=1 6=864 9=2 -23310=1,2.000000e-01
            Eltwise          add      2 1 c1 data out 0=1 -23301=2,2.000000e-01,1.000000e+00
            """;

    @Test
    void parsesLayersBlobsAndParams() {
        NcnnNet net = NcnnParamParser.parse(NET, "t.param");
        assertEquals(3, net.layers().size());
        assertEquals(4, net.blobCount());
        NcnnLayer conv = net.layers().get(1);
        assertEquals("Convolution", conv.type());
        assertEquals("conv1", conv.name());
        assertEquals(List.of("data"), conv.bottoms());
        assertEquals(List.of("c1"), conv.tops());
        assertEquals(32, conv.params().getInt(0, 0));
        assertEquals(3, conv.params().getInt(11, conv.params().getInt(1, 0)));
        assertEquals(864, conv.params().getInt(6, 0));
        assertArrayEquals(new float[] {0.2f}, conv.params().getFloats(10));
        assertFalse(conv.params().has(10 + 1));
        NcnnLayer add = net.layers().get(2);
        assertEquals(List.of("c1", "data"), add.bottoms());
        assertArrayEquals(new float[] {0.2f, 1f}, add.params().getFloats(1));
        assertEquals(7, add.params().getInt(5, 7));
        assertEquals(1.5f, add.params().getFloat(9, 1.5f));
    }

    @Test
    void rejectsWrongMagic() {
        ConversionException e = assertThrows(ConversionException.class,
                () -> NcnnParamParser.parse("7767518\n0 0\n", "bad.param"));
        assertTrue(e.getMessage().contains("not an ncnn text param file"), e.getMessage());
    }

    @Test
    void rejectsLayerCountMismatch() {
        ConversionException e = assertThrows(ConversionException.class,
                () -> NcnnParamParser.parse("7767517\n2 1\nInput in 0 1 data\n", "n.param"));
        assertEquals("n.param declares 2 layers but holds 1 layer lines.", e.getMessage());
    }

    @Test
    void rejectsArrayWithWrongCount() {
        ConversionException e = assertThrows(ConversionException.class,
                () -> NcnnParamParser.parse("7767517\n1 1\nInput in 0 1 data -23301=3,1,2\n", "a.param"));
        assertTrue(e.getMessage().contains("declares 3 values but has 2"), e.getMessage());
    }

    @Test
    void unknownParamIsNamedInMessage() {
        NcnnNet net = NcnnParamParser.parse("7767517\n1 1\nPixelShuffle ps 0 1 x 0=2 7=1\n", "p.param");
        NcnnLayer l = net.layers().get(0);
        ConversionException e = assertThrows(ConversionException.class,
                () -> l.params().requireOnly(l, java.util.Set.of(0, 1)));
        assertEquals("Layer ps of type PixelShuffle has parameter 7=1, which this converter does not support.",
                e.getMessage());
    }
}
