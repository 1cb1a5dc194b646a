package io.sharpstep.engine.ops;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Runs independent per-row work on all cores; rows must not write to shared locations. */
public final class Rows {
    /** Below this many rows the fork/join overhead outweighs the gain. */
    private static final int SERIAL_BELOW = 64;

    private Rows() {
    }

    public static void parallel(int rows, IntConsumer row) {
        parallel(rows, SERIAL_BELOW, row);
    }

    /** As {@link #parallel(int, IntConsumer)} for coarse items (e.g. whole channels): parallel from {@code min}. */
    public static void parallel(int rows, int min, IntConsumer row) {
        if (rows < min) {
            for (int i = 0; i < rows; i++) {
                row.accept(i);
            }
        } else {
            IntStream.range(0, rows).parallel().forEach(row);
        }
    }
}
