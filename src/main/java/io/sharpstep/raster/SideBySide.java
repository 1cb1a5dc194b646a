package io.sharpstep.raster;

import io.sharpstep.core.Rect;

import java.util.Arrays;

/**
 * Two pictures of equal depth next to each other with a thin neutral gap: left, then right; read region by
 * region from both, so it costs no memory of its own.
 */
public final class SideBySide implements Picture {
    public static final int GAP = 8;

    private final Picture left;
    private final Picture right;
    private final int height;

    public SideBySide(Picture left, Picture right) {
        if (left.bits() != right.bits() || left.channels() != right.channels()) {
            throw new IllegalArgumentException("pictures of different depths");
        }
        this.left = left;
        this.right = right;
        this.height = Math.max(left.height(), right.height());
    }

    @Override
    public int width() {
        return left.width() + GAP + right.width();
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int channels() {
        return left.channels();
    }

    @Override
    public int bits() {
        return left.bits();
    }

    @Override
    public void readBytes(Rect r, byte[] dst, int off) {
        int px = channels() * bits() / 8;
        int rowBytes = r.width() * px;
        byte[] grey = grey(px);
        for (int j = 0; j < r.height(); j++) {
            int y = r.y() + j;
            int base = off + j * rowBytes;
            for (int i = 0; i < r.width(); ) {
                int x = r.x() + i;
                Picture p;
                int px0;
                int end;
                if (x < left.width()) {
                    p = left;
                    px0 = x;
                    end = left.width();
                } else if (x < left.width() + GAP) {
                    p = null;
                    px0 = 0;
                    end = left.width() + GAP;
                } else {
                    p = right;
                    px0 = x - left.width() - GAP;
                    end = width();
                }
                int n = Math.min(end, r.x() + r.width()) - x;
                if (p == null || y >= p.height()) {
                    for (int k = 0; k < n; k++) {
                        System.arraycopy(grey, 0, dst, base + (i + k) * px, px);
                    }
                } else {
                    p.readBytes(new Rect(px0, y, n, 1), dst, base + i * px);
                }
                i += n;
            }
        }
    }

    /** One pixel of 0.5 grey (opaque where there is alpha), rounded as {@link ResultSink} rounds. */
    private byte[] grey(int px) {
        int max = bits() == 16 ? 65535 : 255;
        int g = ResultSink.quantize(0.5f, max);
        byte[] b = new byte[px];
        int[] samples = new int[channels()];
        Arrays.fill(samples, g);
        if (channels() == 4) {
            samples[3] = max;
        }
        for (int c = 0; c < channels(); c++) {
            if (bits() == 16) {
                b[2 * c] = (byte) (samples[c] >>> 8);
                b[2 * c + 1] = (byte) samples[c];
            } else {
                b[c] = (byte) samples[c];
            }
        }
        return b;
    }
}
