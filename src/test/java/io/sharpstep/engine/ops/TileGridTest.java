package io.sharpstep.engine.ops;

import io.sharpstep.core.Rect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TileGridTest {
    @Test
    void referenceTilingStridesBy64AndSnapsTheLastTile() {
        // OSEDiff: latent tile 96, overlap 32 on a 256-wide latent (2048 px).
        assertArrayEquals(new int[] {0, 64, 128, 160}, TileGrid.starts(256, 96, 32));
        assertArrayEquals(new int[] {0, 64, 104}, TileGrid.starts(200, 96, 32));
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
