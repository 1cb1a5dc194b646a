package io.sharpstep.ui.model;

import io.sharpstep.core.Rect;
import io.sharpstep.image.LoadedImage;
import io.sharpstep.image.PhotoMetadata;
import io.sharpstep.raster.ResultRaster;
import io.sharpstep.ui.viewer.DisplayColor;
import io.sharpstep.ui.viewer.Layer;
import io.sharpstep.ui.viewer.LiveTiles;
import io.sharpstep.ui.viewer.LodLayer;
import io.sharpstep.ui.viewer.Overview;
import io.sharpstep.ui.viewer.RasterTiles;
import io.sharpstep.ui.viewer.SourceTiles;
import io.sharpstep.ui.viewer.TileCache;
import io.sharpstep.ui.viewer.TileSource;
import io.sharpstep.ui.work.FileActions;
import io.sharpstep.ui.work.FileTiles;
import io.sharpstep.ui.work.ImageLoader;
import io.sharpstep.ui.work.RegionTask;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The photo on screen, and the only place its pixels are held: its decoded original (at input size), the
 * overviews, and the results as tile sources (live tiles of a running job, the retained result of a job that just
 * finished, or the written file), with the region preview. Everything at output size is read tile by tile through
 * the shared {@link TileCache}. Closed when another photo is shown: the result's share is released and its tiles
 * dropped, so at most one photo's pixels are ever in memory. FX thread, except where said.
 */
public final class PhotoView implements AutoCloseable {
    /**
     * What the viewer draws now.
     *
     * @param before      the "before" side
     * @param after       the "after" side (the result; the dimmed original where it has nothing yet)
     * @param region      the region preview, or null
     * @param regionOut   where it lies (output pixels), or null
     * @param scale       output pixels per input pixel
     * @param navigator   the overview for the navigator
     */
    public record Layers(Layer before, Layer after, Layer region, Rect regionOut, String beforeLabel,
                         String afterLabel, int scale, int width, int height, Overview navigator) {
    }

    /** How one pack's result is shown. */
    private static final class Shown {
        final TileSource tiles;
        volatile Overview overview;
        final boolean complete;

        Shown(TileSource tiles, Overview overview, boolean complete) {
            this.tiles = tiles;
            this.overview = overview;
            this.complete = complete;
        }

        void close() {
            if (tiles instanceof RasterTiles r) {
                r.close();
            } else if (tiles instanceof FileTiles f) {
                f.close();
            }
        }
    }

    private record Region(String packId, Rect inputRegion, Rect outputRegion, RasterTiles tiles) {
    }

    private final QueueItem item;
    private final TileCache cache;
    private final ImageLoader loader;
    private final Function<String, String> packName;
    private final Runnable changed;
    private final javafx.beans.property.IntegerProperty revision = new javafx.beans.property.SimpleIntegerProperty();
    private final java.util.concurrent.atomic.AtomicBoolean bumpQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<String, Shown> results = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Integer, SourceTiles[]> sources = new HashMap<>();
    private LoadedImage source;
    private DisplayColor color = DisplayColor.SRGB;
    private volatile Overview sourceOverview;
    private Region region;
    private ImageLoader.Pending decoding;
    private String problem;
    private boolean closed;

    /** @param packName the name people read for a pack id */
    public PhotoView(QueueItem item, TileCache cache, ImageLoader loader, Function<String, String> packName) {
        this.item = item;
        this.cache = cache;
        this.loader = loader;
        this.packName = packName;
        this.changed = this::touch;
    }

    /**
     * Something to draw changed (any thread): {@link #revisionProperty()} moves on the FX thread, at most one
     * update pending however many arrive.
     */
    public void touch() {
        if (bumpQueued.compareAndSet(false, true)) {
            StatusModel.later(() -> {
                bumpQueued.set(false);
                revision.set(revision.get() + 1);
            });
        }
    }

    /** Moves whenever something to draw changed. */
    public javafx.beans.property.ReadOnlyIntegerProperty revisionProperty() {
        return revision;
    }

    public QueueItem item() {
        return item;
    }

    /** Decodes the original unless it is there or coming. */
    public void load() {
        if (source != null || decoding != null || closed) {
            return;
        }
        decoding = loader.decode(item.path(), this::setSource, e -> {
            problem = e.getMessage();
            decoding = null;
            changed.run();
        });
    }

    /** The decoded original (from the loader, or the running job's own): the overview is made in the background. */
    public void setSource(LoadedImage img) {
        if (closed || source != null) {
            return;
        }
        source = img;
        decoding = null;
        color = DisplayColor.of(img.metadata().icc());
        SourceTiles nearest = nearest(1);
        loader.viewThread().execute(() -> {
            if (!closed) {
                sourceOverview = nearest.overview(() -> { });
                changed.run();
            }
        });
        changed.run();
    }

    /** The original as decoded, or null while it loads. */
    public LoadedImage source() {
        return source;
    }

    /** Why the original cannot be shown, or null. */
    public String problem() {
        return problem;
    }

    /** A running job's live tiles for {@code packId}. */
    public void setLive(String packId, LiveTiles live) {
        replace(packId, new Shown(live, live.overview(), false));
    }

    /**
     * A job just finished: its result (a share that this view now owns) replaces the live tiles; their
     * overview stands in until the result's own is made in the background.
     */
    public void setResult(String packId, ResultRaster raster) {
        if (closed) {
            raster.close();
            return;
        }
        Shown before = results.get(packId);
        RasterTiles tiles = RasterTiles.of(raster, color);
        Shown now = new Shown(tiles, before == null ? null : before.overview, true);
        replace(packId, now);
        loader.viewThread().execute(() -> buildOverview(now, tiles));
    }

    private void buildOverview(Shown s, RasterTiles tiles) {
        if (closed || results.get(packIdOf(s)) != s) {
            return;
        }
        try {
            s.overview = tiles.overview(() -> { });
            changed.run();
        } catch (RuntimeException e) {
            System.getLogger("io.sharpstep.ui").log(System.Logger.Level.WARNING, "No overview of the result", e);
        }
    }

    private String packIdOf(Shown s) {
        return results.entrySet().stream().filter(e -> e.getValue() == s).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }

    /** Forgets what a pack showed (its job was cancelled or failed). */
    public void drop(String packId) {
        Shown s = results.remove(packId);
        if (s != null) {
            s.close();
            changed.run();
        }
    }

    private void replace(String packId, Shown s) {
        Shown old = results.put(packId, s);
        if (old != null && old.tiles != s.tiles) {
            old.close();
        }
        changed.run();
    }

    /** A region preview (its pixels now owned by this view); replaces the one before. */
    public void setRegion(String packId, RegionTask.Result r) {
        clearRegion();
        if (closed || source == null) {
            r.pixels().close();
            return;
        }
        int scale = r.outputRegion().width() / Math.max(1, r.inputRegion().width());
        region = new Region(packId, r.inputRegion(), r.outputRegion(), new RasterTiles(r.pixels(), color,
                r.outputRegion(), source.width() * scale, source.height() * scale));
        changed.run();
    }

    public void clearRegion() {
        if (region != null) {
            cache.drop(region.tiles());
            region.tiles().close();
            region = null;
            changed.run();
        }
    }

    /** Input rectangle of the region preview, or null. */
    public Rect regionInput() {
        return region == null ? null : region.inputRegion();
    }

    /** What the viewer draws now, or null while the original is not decoded. */
    public Layers layers(ViewerViewModel vm, int defaultScale) {
        if (source == null) {
            return null;
        }
        Shown shown = result(item.shownPackProperty().get());
        int scale = shown != null ? Math.max(1, shown.tiles.width() / source.width()) : defaultScale;
        SourceTiles[] st = sourceTiles(scale);
        Overview so = sourceOverview == null ? null : sourceOverview.scaled(scale);
        Layer original = new LodLayer(st[0], so, cache);
        Layer before = original;
        String beforeLabel = "Original ×" + scale + " (pixels repeated)";
        switch (vm.beforeProperty().get()) {
            case BICUBIC -> {
                before = new LodLayer(st[1], so, cache);
                beforeLabel = "Bicubic ×" + scale;
            }
            case MODEL -> {
                String id = vm.beforeModelProperty().get();
                Shown other = result(id);
                if (other != null && other.tiles.width() == st[0].width()) {
                    before = Layer.over(new LodLayer(other.tiles, other.overview, cache), original);
                    beforeLabel = packName.apply(id) + (other.complete ? "" : " (in progress)");
                }
            }
            default -> { }
        }
        Layer after;
        String afterLabel;
        if (shown != null) {
            after = Layer.over(new LodLayer(shown.tiles, shown.overview, cache), original);
            afterLabel = packName.apply(item.shownPackProperty().get()) + (shown.complete ? "" : " (in progress)");
        } else {
            after = Layer.dimmed(original);
            afterLabel = "Not enhanced yet";
        }
        Layer regionLayer = null;
        Rect regionOut = null;
        if (region != null && region.tiles().width() == st[0].width()) {
            regionLayer = new LodLayer(region.tiles(), null, cache);
            regionOut = region.outputRegion();
        }
        Overview nav = shown != null && shown.complete && shown.overview != null ? shown.overview : so;
        return new Layers(before, after, regionLayer, regionOut, beforeLabel, afterLabel, scale, st[0].width(),
                st[0].height(), nav);
    }

    /** The tiles of a pack's result: live, retained, or read from the file it wrote. */
    private Shown result(String packId) {
        Shown s = results.get(packId);
        if (s != null || packId == null || closed) {
            return s;
        }
        QueueItem.Output out = item.outputs().get(packId);
        if (out == null || out.width() <= 0 || !java.nio.file.Files.isRegularFile(out.file())) {
            return null;
        }
        FileTiles tiles = new FileTiles(out.file(), out.width(), out.height(), color, cache, loader.viewThread(),
                changed);
        Shown made = new Shown(tiles, null, true);
        results.put(packId, made);
        loader.viewThread().execute(() -> {
            if (!closed && results.get(packId) == made) {
                try {
                    made.overview = tiles.overview();
                    changed.run();
                } catch (RuntimeException e) {
                    System.getLogger("io.sharpstep.ui").log(System.Logger.Level.WARNING,
                            "Cannot show " + out.file(), e);
                }
            }
        });
        return made;
    }

    private SourceTiles[] sourceTiles(int scale) {
        return sources.computeIfAbsent(scale, s -> new SourceTiles[] {
                SourceTiles.nearest(source.rgb(), source.alpha(), s, color),
                SourceTiles.bicubic(source.rgb(), source.alpha(), s, color)});
    }

    private SourceTiles nearest(int scale) {
        return sourceTiles(scale)[0];
    }

    /**
     * What Save as… writes for the shown result: its file (and its pixels while they are held), or the region
     * preview when there is no finished result. Null when there is nothing to save.
     */
    public FileActions.Source saveSource() {
        QueueItem.Output out = item.shownOutput();
        Shown s = results.get(item.shownPackProperty().get());
        ResultRaster held = s != null && s.tiles instanceof RasterTiles r ? r.raster() : null;
        if (out != null) {
            return new FileActions.Source(out.file(), held, source == null ? null : source.metadata());
        }
        if (region != null) {
            PhotoMetadata meta = new PhotoMetadata(source == null ? null : source.metadata().icc());
            return new FileActions.Source(null, region.tiles().raster(), meta);
        }
        return null;
    }

    /** Whether a region preview (rather than a finished result) is what Save as… would write. */
    public boolean savesRegion() {
        return item.shownOutput() == null && region != null;
    }

    /** Bytes of pixels this view holds outside the shared cache (overviews, live tiles, region). */
    public long heldBytes() {
        long b = sourceOverview == null ? 0 : sourceOverview.bytes();
        for (Shown s : results.values()) {
            b += s.tiles instanceof LiveTiles l ? l.bytes() : s.overview == null ? 0 : s.overview.bytes();
        }
        return b + (region == null ? 0 : region.tiles().raster().bytes());
    }

    /** Releases the pixels: results' shares, region, tiles, the decoded original. */
    @Override
    public void close() {
        closed = true;
        if (decoding != null) {
            decoding.cancel();
        }
        for (Shown s : results.values()) {
            s.close();
            cache.drop(s.tiles);
        }
        results.clear();
        for (SourceTiles[] st : sources.values()) {
            cache.drop(st[0]);
            cache.drop(st[1]);
        }
        sources.clear();
        clearRegion();
        source = null;
        sourceOverview = null;
    }
}
