package io.sharpstep.ui.model;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.jobs.JobRunner;
import io.sharpstep.ui.viewer.Lod;
import io.sharpstep.ui.viewer.TileCache;
import io.sharpstep.ui.work.EngineSession;
import io.sharpstep.ui.work.ImageLoader;
import io.sharpstep.ui.work.SettingsStore;
import javafx.application.Platform;

/**
 * Everything behind the window, made without showing one: view models, the engine session, the image loader and
 * the viewer's tile cache. The engine session reopens the upscaler whenever pack, device or engine settings
 * change. Jobs run through the injected {@link JobRunner}.
 */
public final class Services implements AutoCloseable {
    private final StatusModel status = new StatusModel();
    private final SettingsViewModel settings;
    private final EngineSession session;
    private final ImageLoader loader = new ImageLoader();
    private final TileCache tiles = new TileCache(Lod.TILE_CACHE_BYTES);
    private final QueueViewModel queue;
    private final RegionControl region;
    private final ViewerViewModel viewer = new ViewerViewModel();
    private final SettingsStore store;

    public Services(PackCatalog catalog, SettingsStore store, JobRunner runner) {
        this.store = store;
        settings = new SettingsViewModel(catalog, store);
        session = new EngineSession(new EngineSession.Listener() {
            @Override
            public void opened(ModelPack pack, DeviceInfo device) {
                Platform.runLater(() -> {
                    status.deviceProperty().set("Device: " + device.describe());
                    status.modelProperty().set("Model: " + pack.manifest().name());
                    status.info("Opened " + pack.manifest().name() + " on " + device.describe() + ".");
                    queue.setDevice(device);
                });
            }

            @Override
            public void failed(ModelPack pack, SharpStepException error) {
                Platform.runLater(() -> {
                    status.deviceProperty().set("Device: not available");
                    status.error(error.getMessage(), error, "Model pack: " + pack.summary(), null);
                });
            }
        });
        queue = new QueueViewModel(session, settings, status, loader, tiles, runner);
        region = new RegionControl(queue, session, settings, status);
        for (PackCatalog.Problem p : catalog.problems()) {
            status.info("Model pack skipped: " + p.message());
        }
        Runnable reselect = () -> {
            ModelPack p = settings.packProperty().get();
            if (p != null && settings.deviceProperty().get() != null) {
                status.modelProperty().set("Model: " + p.manifest().name());
                session.select(p, settings.upscaleOptions());
                queue.refreshWaiting();
            }
        };
        settings.packProperty().addListener(o -> reselect.run());
        settings.deviceProperty().addListener(o -> reselect.run());
        settings.tileProperty().addListener(o -> reselect.run());
        settings.vaeTileProperty().addListener(o -> reselect.run());
        settings.memoryProperty().addListener(o -> reselect.run());
        settings.colorFixProperty().addListener(o -> reselect.run());
        reselect.run();
        session.cudaDevices(found -> Platform.runLater(() -> settings.setCudaDevices(found)));
        status.updateMemory();
    }

    public Services(PackCatalog catalog, SettingsStore store) {
        this(catalog, store, JobRunner.STANDARD);
    }

    public static Services standard() {
        return new Services(PackCatalog.standard(), SettingsStore.standard());
    }

    public StatusModel status() { return status; }
    public SettingsViewModel settings() { return settings; }
    public EngineSession session() { return session; }
    public ImageLoader loader() { return loader; }
    public TileCache tiles() { return tiles; }
    public QueueViewModel queue() { return queue; }
    public RegionControl region() { return region; }
    public ViewerViewModel viewer() { return viewer; }

    /** Cancels the work, frees the engine and the shown photo, saves the settings. */
    @Override
    public void close() {
        queue.cancelAll();
        region.cancel();
        PhotoView shown = queue.shownProperty().get();
        if (shown != null) {
            shown.close();
        }
        session.close();
        loader.close();
        store.close();
    }
}
