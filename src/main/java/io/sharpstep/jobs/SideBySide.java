package io.sharpstep.jobs;

import io.sharpstep.core.FloatImage;

/** Two equally sized images next to each other with a thin neutral gap: left, then right. */
final class SideBySide {
    static final int GAP = 8;

    private SideBySide() {
    }

    static FloatImage of(FloatImage left, FloatImage right) {
        int w = left.width() + GAP + right.width();
        int h = Math.max(left.height(), right.height());
        FloatImage out = FloatImage.zeros(3, w, h);
        java.util.Arrays.fill(out.data(), 0.5f);
        paste(out, left, 0);
        paste(out, right, left.width() + GAP);
        return out;
    }

    private static void paste(FloatImage dst, FloatImage src, int x0) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < src.height(); y++) {
                System.arraycopy(src.data(), (c * src.height() + y) * src.width(), dst.data(),
                        (c * dst.height() + y) * dst.width() + x0, src.width());
            }
        }
    }
}
