package io.sharpstep.ui;

import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** The SharpStep desktop window. Start it through {@link Main} (works from a plain class path). */
public final class SharpStepApp extends Application {
    private Services services;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        services = Services.standard();
        window = new MainWindow(services);
        stage.setTitle("SharpStep — ×4 photo enhancement");
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        stage.setScene(window.createScene(Math.min(1440, screen.getWidth() * 0.95),
                Math.min(900, screen.getHeight() * 0.95)));
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.show();
        // Photos named on the command line are queued at once.
        getParameters().getUnnamed().stream().map(java.nio.file.Paths::get).forEach(p ->
                services.queue().addPaths(java.util.List.of(p)));
    }

    @Override
    public void stop() {
        if (window != null) {
            window.dispose();
        }
        if (services != null) {
            services.close();
        }
    }
}
