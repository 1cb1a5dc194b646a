package io.sharpstep.ui;

import io.sharpstep.core.DeviceInfo;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.ui.model.QueueViewModel;
import io.sharpstep.ui.model.SettingsStore;
import io.sharpstep.ui.model.SettingsViewModel;
import io.sharpstep.ui.model.StatusModel;
import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.work.EngineSession;
import io.sharpstep.ui.work.ImageLoader;
import javafx.application.Platform;

/**
 * Everything behind the window, made without showing one: view models, the engine session and the image
 * loader. The engine session reopens the upscaler whenever pack, device, tile size or colour fix change.
 */
public final class Services implements AutoCloseable {
    private final StatusModel status = new StatusModel();
    private final SettingsViewModel settings;
    private final EngineSession session;
    private final ImageLoader loader;
    private final QueueViewModel queue;
    private final ViewerViewModel viewer = new ViewerViewModel();

    public Services(PackCatalog catalog, SettingsStore store) {
        settings = new SettingsViewModel(catalog, store);
        session = new EngineSession(new EngineSession.Listener() {
            @Override
            public void opened(ModelPack pack, DeviceInfo device) {
                Platform.runLater(() -> {
                    status.deviceProperty().set("Device: " + device.describe());
                    status.modelProperty().set("Model: " + pack.id());
                    status.info("Opened " + pack.summary() + " on " + device.describe() + ".");
                });
            }

            @Override
            public void failed(ModelPack pack, SharpStepException error) {
                Platform.runLater(() -> {
                    status.deviceProperty().set("Device: not available");
                    status.error(error.getMessage(), error);
                });
            }
        });
        loader = new ImageLoader(status);
        queue = new QueueViewModel(session, settings, status, loader);
        for (PackCatalog.Problem p : catalog.problems()) {
            status.info("Model pack skipped: " + p.message());
        }
        Runnable reselect = () -> {
            if (settings.packProperty().get() != null) {
                status.modelProperty().set("Model: " + settings.packProperty().get().id());
                session.select(settings.packProperty().get(), settings.upscaleOptions());
            }
        };
        settings.packProperty().addListener(o -> reselect.run());
        settings.deviceProperty().addListener(o -> reselect.run());
        settings.tileProperty().addListener(o -> reselect.run());
        settings.colorFixProperty().addListener(o -> reselect.run());
        reselect.run();
        status.updateMemory();
    }

    public static Services standard() {
        return new Services(PackCatalog.standard(), SettingsStore.standard());
    }

    public StatusModel status() { return status; }
    public SettingsViewModel settings() { return settings; }
    public EngineSession session() { return session; }
    public ImageLoader loader() { return loader; }
    public QueueViewModel queue() { return queue; }
    public ViewerViewModel viewer() { return viewer; }

    /** Cancels the work and frees the engine (waits a few seconds at most for the running job to stop). */
    @Override
    public void close() {
        queue.cancelAll();
        session.close();
        loader.close();
    }
}
