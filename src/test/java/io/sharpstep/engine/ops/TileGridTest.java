package io.sharpstep.engine.ops;

import io.sharpstep.engine.TileRegion;
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
        List<TileRegion> t = TileGrid.tiles(100, 40, 64, 16);
        assertEquals(List.of(new TileRegion(0, 0, 64, 40), new TileRegion(36, 0, 64, 40)), t);
    }

    @Test
    void rejectsOverlapNotSmallerThanTile() {
        assertThrows(IllegalArgumentException.class, () -> TileGrid.starts(100, 32, 32));
    }
}
