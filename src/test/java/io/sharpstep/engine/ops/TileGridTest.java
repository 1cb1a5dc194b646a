package io.sharpstep.engine.ops;

import io.sharpstep.core.Rect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TileGridTest {
    @Test
    void tilesAreSpreadEvenlyFromEdgeToEdge() {
        // OSEDiff's latent tile 96, overlap 32 on a 256-wide latent: 4 tiles, as a stride of 64 needs; spread
        // evenly they share 43, 43 and 42 (snapping only the last would have shared 32, 32 and 64).
        assertArrayEquals(new int[] {0, 53, 106, 160}, TileGrid.starts(256, 96, 32));
        assertArrayEquals(new int[] {0, 48, 104, 160}, TileGrid.starts(256, 96, 32, 8), "at multiples of 8");
        assertArrayEquals(new int[] {0, 52, 104}, TileGrid.starts(200, 96, 32));
    }

    /**
     * The case that held almost a whole row of tiles while blending a 100 MP photo ×4: the tile side rounded up to
     * a multiple of 8 left 296 px of slack that snapping put into the last overlap (232 of 256).
     */
    @Test
    void noNeighboursShareMuchMoreThanTheOverlap() {
        for (int length : new int[] {8680, 8676, 11567, 11568, 4000, 257, 1000, 96 * 7 + 5}) {
            for (int align : new int[] {1, 8}) {
                int tile = TileGrid.balancedSide(length, 256, 16, 8);
                int[] s = TileGrid.starts(length, tile, 16, align);
                int stride = tile - 16;
                assertEquals(0, s[0]);
                assertEquals(length - tile, s[s.length - 1], "the last tile ends at the edge");
                assertEquals((length - tile + stride - 1) / stride + 1, s.length, "as few tiles as the stride needs");
                for (int i = 1; i < s.length; i++) {
                    int shared = tile - (s[i] - s[i - 1]);
                    assertTrue(shared >= 16, length + ": tiles " + (i - 1) + "," + i + " share " + shared);
                    // The side's rounding (under 9 px a tile) spread over the gaps, and the alignment of starts.
                    assertTrue(shared <= 16 + 18 + align,
                            length + "/" + align + ": tiles " + (i - 1) + "," + i + " share " + shared);
                    if (i < s.length - 1 || (length - tile) % align == 0) {
                        assertEquals(0, s[i] % align, "aligned start");
                    }
                }
            }
        }
        assertEquals(22, TileGrid.largestRowOverlap(TileGrid.balanced(100, 8680, 256, 16, 8)));
        assertEquals(24, TileGrid.largestRowOverlap(TileGrid.balanced(100, 8680, 256, 16, 8, 8)));
        // A stride (4) finer than the alignment (8): the stride is kept and the last tile snapped.
        assertArrayEquals(new int[] {0, 4, 8, 12, 16}, TileGrid.starts(24, 8, 4, 8));
    }

    @Test
    void exactFitAndShortSidesGiveOneTile() {
        assertArrayEquals(new int[] {0}, TileGrid.starts(96, 96, 32));
        assertArrayEquals(new int[] {0}, TileGrid.starts(40, 96, 32));
        assertArrayEquals(new int[] {0, 64}, TileGrid.starts(160, 96, 32));
    }

    @Test
    void tilesCoverTheAreaRowByRow() {
        List<Rect> t = TileGrid.exact(100, 40, 64, 16);
        assertEquals(List.of(new Rect(0, 0, 64, 40), new Rect(36, 0, 64, 40)), t);
    }

    @Test
    void rejectsOverlapNotSmallerThanTile() {
        assertThrows(IllegalArgumentException.class, () -> TileGrid.starts(100, 32, 32));
    }

    @Test
    void balancedTilesAreNoLargerThanNeeded() {
        // 340 wide with tiles of at most 256 (overlap 16) needs 2 tiles either way: 184 each (multiple of 8)
        // covers it, where 256 would compute 172 columns twice.
        assertEquals(184, TileGrid.balancedSide(340, 256, 16, 8));
        assertEquals(96, TileGrid.balancedSide(256, 96, 32, 8) + 8, "4 tiles of 88 cover 256 with overlap 32");
        assertEquals(100, TileGrid.balancedSide(100, 256, 16, 8), "a short side is one tile of its length");
        List<Rect> t = TileGrid.balanced(340, 260, 256, 16, 8);
        assertEquals(4, t.size());
        assertEquals(new Rect(156, 116, 184, 144), t.get(3));
    }
}
