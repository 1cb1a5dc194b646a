package io.sharpstep.raster;

import io.sharpstep.core.FloatImage;
import io.sharpstep.core.Rect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;

/**
 * A float canvas in a scratch file, stored in square blocks (each block's planes contiguous) so that a region
 * is a few large reads and writes rather than one per row. Positional I/O through the page cache rather than a
 * memory map: mapped pages would count as the process's resident memory, which the plan bounds.
 */
final class FileFloatCanvas implements FloatCanvas {
    static final int BLOCK = 64;

    private final int channels;
    private final int width;
    private final int height;
    private final int blocksX;
    private final int blockFloats;
    private final FileChannel file;
    private final ByteBuffer io;
    private final FloatBuffer ioFloats;
    private final float[] block;

    FileFloatCanvas(FileChannel file, int channels, int width, int height) {
        this.file = file;
        this.channels = channels;
        this.width = width;
        this.height = height;
        this.blocksX = (width + BLOCK - 1) / BLOCK;
        this.blockFloats = channels * BLOCK * BLOCK;
        this.io = ByteBuffer.allocateDirect(blockFloats * 4).order(ByteOrder.nativeOrder());
        this.ioFloats = io.asFloatBuffer();
        this.block = new float[blockFloats];
    }

    /** Bytes of file needed for {@code channels × width × height}. */
    static long bytes(int channels, int width, int height) {
        long bx = (width + BLOCK - 1) / BLOCK;
        long by = (height + BLOCK - 1) / BLOCK;
        return bx * by * channels * BLOCK * BLOCK * 4L;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public long diskBytes() {
        return bytes(channels, width, height);
    }

    @Override
    public synchronized FloatImage read(Rect r) {
        check(r);
        FloatImage out = FloatImage.zeros(channels, r.width(), r.height());
        forBlocks(r, (bx, by, x0, y0, x1, y1) -> {
            load(bx, by);
            copy(block, BLOCK, BLOCK, x0 - bx * BLOCK, y0 - by * BLOCK, out.data(), r.width(), r.height(),
                    x0 - r.x(), y0 - r.y(), x1 - x0, y1 - y0);
        });
        return out;
    }

    @Override
    public synchronized void write(int x, int y, FloatImage px) {
        if (px.channels() != channels) {
            throw new IllegalArgumentException("expected " + channels + " channels, found " + px.channels());
        }
        Rect r = new Rect(x, y, px.width(), px.height());
        check(r);
        forBlocks(r, (bx, by, x0, y0, x1, y1) -> {
            int bw = Math.min(BLOCK, width - bx * BLOCK);
            int bh = Math.min(BLOCK, height - by * BLOCK);
            boolean whole = x1 - x0 == bw && y1 - y0 == bh;
            if (!whole) {
                load(bx, by);
            }
            copy(px.data(), px.width(), px.height(), x0 - x, y0 - y, block, BLOCK, BLOCK, x0 - bx * BLOCK,
                    y0 - by * BLOCK, x1 - x0, y1 - y0);
            store(bx, by);
        });
    }

    private interface BlockVisitor {
        void visit(int bx, int by, int x0, int y0, int x1, int y1);
    }

    private static void forBlocks(Rect r, BlockVisitor v) {
        int xe = r.x() + r.width();
        int ye = r.y() + r.height();
        for (int by = r.y() / BLOCK; by * BLOCK < ye; by++) {
            for (int bx = r.x() / BLOCK; bx * BLOCK < xe; bx++) {
                v.visit(bx, by, Math.max(r.x(), bx * BLOCK), Math.max(r.y(), by * BLOCK), Math.min(xe, (bx + 1) * BLOCK),
                        Math.min(ye, (by + 1) * BLOCK));
            }
        }
    }

    /** Copies a w×h window between two planar images, every channel. */
    private void copy(float[] src, int sw, int sh, int sx, int sy, float[] dst, int dw, int dh, int dx, int dy,
                      int w, int h) {
        for (int c = 0; c < channels; c++) {
            for (int row = 0; row < h; row++) {
                System.arraycopy(src, (c * sh + sy + row) * sw + sx, dst, (c * dh + dy + row) * dw + dx, w);
            }
        }
    }

    private long offset(int bx, int by) {
        return ((long) by * blocksX + bx) * blockFloats * 4L;
    }

    private void load(int bx, int by) {
        io.clear();
        try {
            long pos = offset(bx, by);
            while (io.hasRemaining()) {
                int n = file.read(io, pos + io.position());
                if (n < 0) {
                    // Past the end: never written, reads as zeros.
                    while (io.hasRemaining()) {
                        io.put((byte) 0);
                    }
                }
            }
        } catch (IOException e) {
            throw Workspace.failure(e);
        }
        ioFloats.clear();
        ioFloats.get(block);
    }

    private void store(int bx, int by) {
        ioFloats.clear();
        ioFloats.put(block);
        io.clear();
        try {
            long pos = offset(bx, by);
            while (io.hasRemaining()) {
                file.write(io, pos + io.position());
            }
        } catch (IOException e) {
            throw Workspace.failure(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // The file is already unlinked (or deleted on close): nothing to keep.
        }
    }
}
