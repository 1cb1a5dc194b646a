package io.sharpstep.ui.work;

import io.sharpstep.image.ImageFiles;
import io.sharpstep.ui.viewer.Argb;
import io.sharpstep.ui.viewer.DisplayColor;
import io.sharpstep.ui.viewer.Lod;
import io.sharpstep.ui.viewer.Overview;
import io.sharpstep.ui.viewer.TileCache;
import io.sharpstep.ui.viewer.TileSource;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A result that was written earlier, shown from its file: the overview from one decode with subsampling, the
 * tiles in view from decodes of just that region at that level (the decoder never holds more than the region).
 * Loading happens in the background, the latest request first; tiles go into the shared {@link TileCache}.
 * Samples are read as stored (the file's own colour space) and converted for display like the original's.
 */
public final class FileTiles implements TileSource {
    private static final System.Logger LOG = System.getLogger("io.sharpstep.ui");

    private record Request(int level, int tx0, int ty0, int tx1, int ty1) {
    }

    private final Path file;
    private final int width;
    private final int height;
    private final DisplayColor color;
    private final TileCache cache;
    private final Executor io;
    private final Runnable loaded;
    private final AtomicReference<Request> next = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Request running;
    private volatile boolean closed;
    private volatile boolean failed;

    /**
     * @param width  the result's width (its file should have it)
     * @param loaded called on the loading thread when tiles arrived (to repaint)
     */
    public FileTiles(Path file, int width, int height, DisplayColor color, TileCache cache, Executor io,
                     Runnable loaded) {
        this.file = file;
        this.width = width;
        this.height = height;
        this.color = color;
        this.cache = cache;
        this.io = io;
        this.loaded = loaded;
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
    public int[] tile(int level, int tx, int ty) {
        return cache.get(this, level, tx, ty);
    }

    @Override
    public boolean immediate() {
        return false;
    }

    @Override
    public void request(int level, int tx0, int ty0, int tx1, int ty1) {
        Request r = new Request(level, tx0, ty0, tx1, ty1);
        if (closed || failed || r.equals(running)) {
            return;
        }
        next.set(r);
        if (scheduled.compareAndSet(false, true)) {
            io.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        Request r = next.getAndSet(null);
        if (r == null || closed) {
            return;
        }
        running = r;
        try {
            load(r);
            loaded.run();
        } catch (RuntimeException | OutOfMemoryError e) {
            failed = true;
            LOG.log(System.Logger.Level.WARNING, "Cannot show " + file + " in the viewer", e);
        } finally {
            running = null;
        }
    }

    /** Decodes the region of the requested tiles at their level, and cuts it into tiles. */
    private void load(Request r) {
        int s = 1 << r.level();
        int x0 = r.tx0() * Lod.TILE * s;
        int y0 = r.ty0() * Lod.TILE * s;
        int x1 = (int) Math.min(width, (long) r.tx1() * Lod.TILE * s);
        int y1 = (int) Math.min(height, (long) r.ty1() * Lod.TILE * s);
        int[] px = decode(new Rectangle(x0, y0, x1 - x0, y1 - y0), s);
        int pw = (x1 - x0 + s - 1) / s;
        for (int ty = r.ty0(); ty < r.ty1(); ty++) {
            for (int tx = r.tx0(); tx < r.tx1(); tx++) {
                int tw = Lod.tileSize(width, r.level(), tx);
                int th = Lod.tileSize(height, r.level(), ty);
                int[] t = new int[tw * th];
                int ox = (tx - r.tx0()) * Lod.TILE;
                int oy = (ty - r.ty0()) * Lod.TILE;
                for (int j = 0; j < th; j++) {
                    System.arraycopy(px, (oy + j) * pw + ox, t, j * tw, tw);
                }
                cache.put(this, r.level(), tx, ty, t);
            }
        }
    }

    /** The overview, from one decode of every n-th pixel. Loading thread. */
    public Overview overview() {
        int n = (int) Math.max(1, Math.floor(Math.max(width, height) / (double) Lod.OVERVIEW_SIDE));
        int[] px = decode(new Rectangle(0, 0, width, height), n);
        int gw = (width + n - 1) / n;
        int gh = (height + n - 1) / n;
        return Overview.build(width, height, gw, gh, n, y -> {
            int[] row = new int[gw];
            System.arraycopy(px, y * gw, row, 0, gw);
            return row;
        }, DisplayColor.SRGB, () -> { });
    }

    /** ARGB (display colours) of {@code region}, every {@code step}-th pixel. */
    private int[] decode(Rectangle region, int step) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open " + file);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("no reader for " + file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                if (reader.getWidth(0) != width || reader.getHeight(0) != height) {
                    throw new IOException(file + " is " + reader.getWidth(0) + "×" + reader.getHeight(0)
                            + ", expected " + width + "×" + height);
                }
                ImageReadParam p = ImageFiles.ownSpace(reader);
                p.setSourceRegion(region);
                p.setSourceSubsampling(step, step, 0, 0);
                BufferedImage img = reader.read(0, p);
                return argb(img);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The samples as stored (no colour conversion by the JDK), as display pixels. */
    private int[] argb(BufferedImage img) {
        Raster r = img.getRaster();
        int w = r.getWidth();
        int h = r.getHeight();
        int bands = r.getNumBands();
        int[] max = new int[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (1 << img.getColorModel().getComponentSize(b)) - 1;
        }
        boolean alpha = img.getColorModel().hasAlpha();
        int colours = bands - (alpha ? 1 : 0);
        int[] out = new int[w * h];
        int[] s = new int[w * bands];
        for (int y = 0; y < h; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, s);
            for (int x = 0; x < w; x++) {
                int i = x * bands;
                int red = to8(s[i], max[0]);
                int g = colours >= 3 ? to8(s[i + 1], max[1]) : red;
                int b = colours >= 3 ? to8(s[i + 2], max[2]) : red;
                int a = alpha ? to8(s[i + bands - 1], max[bands - 1]) : 255;
                out[y * w + x] = color.apply(Argb.known(a << 24 | red << 16 | g << 8 | b));
            }
        }
        return out;
    }

    private static int to8(int v, int max) {
        return max == 255 ? v : (int) ((v * 255L + max / 2) / max);
    }

    /** Stops loading; its tiles leave the cache. */
    public void close() {
        closed = true;
        cache.drop(this);
    }
}
