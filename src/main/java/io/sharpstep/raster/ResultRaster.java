package io.sharpstep.raster;

import io.sharpstep.core.Rect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A finished result exactly as it will be written: 8- or 16-bit samples, RGB or RGBA, interleaved row by row.
 * Small results live in the heap, large ones in a scratch file (rows are buffered in bands of {@value #BAND} until
 * complete, so region-by-region writes become large sequential ones). Encoders read it row by row, the viewer
 * region by region. It is shared by counting: {@link #retain()} for each further holder, {@link #close()} by each;
 * the storage goes with the last close.
 */
public final class ResultRaster implements Picture, AutoCloseable {
    static final int BAND = 64;
    /** Pending band buffers beyond this are written out early (their unwritten parts then go straight to disk). */
    public static final long PENDING_LIMIT = 128L << 20;

    private final int width;
    private final int height;
    private final int channels;
    private final int bits;
    private final int bytesPerSample;
    private final long rowBytes;
    private final byte[] heap;
    private final FileChannel file;
    private final Map<Integer, byte[]> pending = new HashMap<>();
    private final long[] bandBytes;
    private final BitSet direct = new BitSet();
    private long pendingBytes;
    private int holders = 1;
    private boolean complete;
    private RuntimeException abort;

    private ResultRaster(int width, int height, int channels, int bits, byte[] heap, FileChannel file) {
        if (channels != 3 && channels != 4 || bits != 8 && bits != 16) {
            throw new IllegalArgumentException(channels + " channels of " + bits + " bits");
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.bits = bits;
        this.bytesPerSample = bits / 8;
        this.rowBytes = (long) width * channels * bytesPerSample;
        this.heap = heap;
        this.file = file;
        this.bandBytes = new long[(height + BAND - 1) / BAND];
    }

    /** Bytes the samples take. */
    public static long bytes(int width, int height, int channels, int bits) {
        return (long) width * height * channels * (bits / 8);
    }

    /** A raster in the heap (at most 2 GB). */
    public static ResultRaster inHeap(int width, int height, int channels, int bits) {
        return new ResultRaster(width, height, channels, bits,
                new byte[Math.toIntExact(bytes(width, height, channels, bits))], null);
    }

    /** A raster in a scratch file in {@code folder}. */
    public static ResultRaster onDisk(Path folder, int width, int height, int channels, int bits) {
        ScratchFiles.prepare(folder);
        return new ResultRaster(width, height, channels, bits, null, ScratchFiles.open(folder, "result"));
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** 3 (RGB) or 4 (RGBA). */
    @Override
    public int channels() {
        return channels;
    }

    /** 8 or 16. */
    @Override
    public int bits() {
        return bits;
    }

    /** The largest sample value, 255 or 65535. */
    public int max() {
        return bits == 16 ? 65535 : 255;
    }

    /** Scratch disk this raster uses (0 in the heap). */
    public long diskBytes() {
        return file == null ? 0 : bytes(width, height, channels, bits);
    }

    /** Another holder: it must call {@link #close()} too. */
    public synchronized ResultRaster retain() {
        if (holders <= 0) {
            throw new IllegalStateException("raster already released");
        }
        holders++;
        return this;
    }

    /**
     * Stores samples for {@code r}: row by row, {@code channels} per pixel, as stored (one byte, or two big-endian
     * bytes, a sample). Each pixel is meant to be written once (a second write of a pixel in a band still buffered
     * is counted twice).
     */
    public synchronized void write(Rect r, byte[] samples) {
        checkRegion(r);
        int n = r.width() * channels * bytesPerSample;
        if (samples.length < (long) n * r.height()) {
            throw new IllegalArgumentException("too few samples for " + r);
        }
        long at = (long) r.x() * channels * bytesPerSample;
        for (int j = 0; j < r.height(); j++) {
            int y = r.y() + j;
            if (heap != null) {
                System.arraycopy(samples, j * n, heap, Math.toIntExact(y * rowBytes + at), n);
            } else {
                writeFileRow(y, at, samples, j * n, n);
            }
            bandBytes[y / BAND] += n;
        }
        if (file != null) {
            flushComplete();
        }
        notifyAll();
    }

    private void writeFileRow(int y, long at, byte[] src, int from, int n) {
        int band = y / BAND;
        if (direct.get(band)) {
            writeAt(y * rowBytes + at, src, from, n);
            return;
        }
        byte[] buf = pending.get(band);
        if (buf == null) {
            buf = new byte[Math.toIntExact(bandRows(band) * rowBytes)];
            pending.put(band, buf);
            pendingBytes += buf.length;
        }
        System.arraycopy(src, from, buf, Math.toIntExact((y - band * BAND) * rowBytes + at), n);
    }

    private int bandRows(int band) {
        return Math.min(BAND, height - band * BAND);
    }

    /** Writes bands that are complete; if too much is pending, the oldest bands too. */
    private void flushComplete() {
        for (Iterator<Map.Entry<Integer, byte[]>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, byte[]> e = it.next();
            if (bandDone(e.getKey())) {
                writeBand(e.getKey(), e.getValue());
                it.remove();
            }
        }
        while (pendingBytes > PENDING_LIMIT) {
            int oldest = pending.keySet().stream().mapToInt(Integer::intValue).min().orElseThrow();
            writeBand(oldest, pending.remove(oldest));
            direct.set(oldest);
        }
    }

    private void writeBand(int band, byte[] buf) {
        writeAt(band * BAND * rowBytes, buf, 0, buf.length);
        pendingBytes -= buf.length;
    }

    private boolean bandDone(int band) {
        return bandBytes[band] >= bandRows(band) * rowBytes;
    }

    private void writeAt(long pos, byte[] b, int off, int len) {
        try {
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) {
                file.write(bb, pos + bb.position() - off);
            }
        } catch (IOException e) {
            throw Workspace.failure(e);
        }
    }

    /**
     * Declares every pixel written: bands still buffered go to disk, and readers waiting for rows
     * ({@link #awaiting()}) go on.
     */
    public synchronized void flush() {
        if (file != null) {
            for (Map.Entry<Integer, byte[]> e : pending.entrySet()) {
                writeBand(e.getKey(), e.getValue());
                direct.set(e.getKey());
            }
            pending.clear();
        }
        complete = true;
        notifyAll();
    }

    /** Wakes readers waiting for rows and makes them fail with {@code reason} (the job producing the pixels ended). */
    public synchronized void abort(RuntimeException reason) {
        abort = reason;
        notifyAll();
    }

    /**
     * This raster as a picture whose reads wait until the rows they ask for are complete: an encoder can then run
     * while the pixels are still being made, a band of rows behind them.
     */
    public Picture awaiting() {
        return Picture.reading(this, (r, dst, off) -> {
            awaitRows(r.y(), r.y() + r.height());
            readBytes(r, dst, off);
        });
    }

    private synchronized void awaitRows(int y0, int y1) {
        while (true) {
            if (abort != null) {
                throw abort;
            }
            if (complete || rowsDone(y0, y1)) {
                return;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.sharpstep.core.CancelledException();
            }
        }
    }

    private boolean rowsDone(int y0, int y1) {
        for (int b = y0 / BAND; b * BAND < y1; b++) {
            if (!bandDone(b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Raw bytes of {@code r}, row by row, samples interleaved, 16-bit samples big-endian, into {@code dst} from
     * {@code off}.
     */
    @Override
    public synchronized void readBytes(Rect r, byte[] dst, int off) {
        checkRegion(r);
        int n = r.width() * channels * bytesPerSample;
        long at = (long) r.x() * channels * bytesPerSample;
        for (int j = 0; j < r.height(); j++) {
            int y = r.y() + j;
            int to = off + j * n;
            if (heap != null) {
                System.arraycopy(heap, Math.toIntExact(y * rowBytes + at), dst, to, n);
                continue;
            }
            byte[] buf = pending.get(y / BAND);
            if (buf != null) {
                System.arraycopy(buf, Math.toIntExact((y % BAND) * rowBytes + at), dst, to, n);
            } else {
                readAt(y * rowBytes + at, dst, to, n);
            }
        }
    }

    private void readAt(long pos, byte[] dst, int off, int len) {
        try {
            ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
            while (bb.hasRemaining()) {
                if (file.read(bb, pos + bb.position() - off) < 0) {
                    while (bb.hasRemaining()) {
                        bb.put((byte) 0);
                    }
                }
            }
        } catch (IOException e) {
            throw Workspace.failure(e);
        }
    }

    /** Samples of {@code r} as ints (channels per pixel, row by row). */
    public int[] readSamples(Rect r) {
        int n = r.width() * r.height() * channels;
        byte[] b = new byte[n * bytesPerSample];
        readBytes(r, b, 0);
        int[] out = new int[n];
        if (bytesPerSample == 1) {
            for (int i = 0; i < n; i++) {
                out[i] = b[i] & 0xff;
            }
        } else {
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
            for (int i = 0; i < n; i++) {
                out[i] = bb.getShort(2 * i) & 0xffff;
            }
        }
        return out;
    }

    /**
     * Opaque-or-not ARGB for display: every {@code step}-th pixel of {@code r} (nearest), 8 bits per channel;
     * the result is ceil(w/step) × ceil(h/step).
     */
    public int[] argb(Rect r, int step) {
        int ow = (r.width() + step - 1) / step;
        int oh = (r.height() + step - 1) / step;
        int[] out = new int[ow * oh];
        for (int j = 0; j < oh; j++) {
            int[] s = readSamples(new Rect(r.x(), r.y() + j * step, r.width(), 1));
            for (int i = 0; i < ow; i++) {
                int p = i * step * channels;
                int a = channels == 4 ? to8(s[p + 3]) : 255;
                out[j * ow + i] = a << 24 | to8(s[p]) << 16 | to8(s[p + 1]) << 8 | to8(s[p + 2]);
            }
        }
        return out;
    }

    private int to8(int v) {
        return bits == 8 ? v : (v * 255 + 32767) / 65535;
    }

    private void checkRegion(Rect r) {
        if (r.x() < 0 || r.y() < 0 || r.width() <= 0 || r.height() <= 0 || (long) r.x() + r.width() > width
                || (long) r.y() + r.height() > height) {
            throw new IllegalArgumentException("region " + r + " outside " + width + "x" + height);
        }
    }

    /** Releases this holder's share; the last one frees the storage. */
    @Override
    public synchronized void close() {
        if (holders <= 0) {
            return;
        }
        if (--holders == 0) {
            pending.clear();
            abort = new IllegalStateException("result raster released");
            notifyAll();
            if (file != null) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // Unlinked already, or deleted on close.
                }
            }
        }
    }

    /** Whether every holder has closed it. */
    public synchronized boolean isReleased() {
        return holders <= 0;
    }
}
