package io.sharpstep.engine;

import io.sharpstep.core.Rect;

/** Test access to {@link VaeStatistics}' package-private helpers. */
public final class VaeStatisticsAccess {
    private VaeStatisticsAccess() {
    }

    public static float[] weights(Rect tile, Rect core) {
        return VaeStatistics.weights(tile, core);
    }
}
