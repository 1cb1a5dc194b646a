package io.sharpstep.ui;

import io.sharpstep.ui.model.Services;
import io.sharpstep.ui.model.UiSettings;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.nio.file.Paths;
import java.util.List;

/** The SharpStep desktop window. Start it through {@link Main} (works from a plain class path). */
public final class SharpStepApp extends Application {
    /** Share of the screen a first window takes. */
    static final double FIRST_SHARE = 0.85;

    private Services services;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        services = Services.standard();
        window = new MainWindow(services);
        stage.setTitle("SharpStep — photo enlargement");
        stage.setScene(window.createScene(-1, -1));
        place(stage, services.settings().window());
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        Rectangle2D[] normal = {new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight())};
        Runnable track = () -> {
            if (!stage.isMaximized() && !stage.isIconified() && stage.getWidth() > 0) {
                normal[0] = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
            }
        };
        stage.xProperty().addListener(o -> track.run());
        stage.widthProperty().addListener(o -> track.run());
        stage.heightProperty().addListener(o -> track.run());
        window.setOnQuit(() -> {
            Rectangle2D n = normal[0];
            services.settings().setWindow(new UiSettings.WindowPlace(n.getMinX(), n.getMinY(), n.getWidth(),
                    n.getHeight(), stage.isMaximized()));
            stage.hide();
            Platform.exit();
        });
        stage.setOnCloseRequest(e -> {
            e.consume(); // asked first if work would be lost
            window.requestQuit(null);
        });
        stage.show();
        // Some window managers (openbox, seen under Xvfb) give a stage sized before it was shown 200×200 or its
        // scene's size: the place is set again once the window exists.
        place(stage, services.settings().window());
        // Photos named on the command line are queued at once.
        services.queue().addPaths(getParameters().getUnnamed().stream().map(Paths::get).toList());
    }

    /** Where the window was last time if that is still on a screen, else a sensible share of the main screen. */
    static void place(Stage stage, UiSettings.WindowPlace saved) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        if (saved != null) {
            List<Screen> on = Screen.getScreensForRectangle(saved.x(), saved.y(), saved.width(), saved.height());
            if (!on.isEmpty()) {
                Rectangle2D b = on.get(0).getVisualBounds();
                stage.setWidth(Math.min(saved.width(), b.getWidth()));
                stage.setHeight(Math.min(saved.height(), b.getHeight()));
                stage.setX(Math.max(b.getMinX(), Math.min(saved.x(), b.getMaxX() - stage.getWidth())));
                stage.setY(Math.max(b.getMinY(), Math.min(saved.y(), b.getMaxY() - stage.getHeight())));
                stage.setMaximized(saved.maximized());
                return;
            }
        }
        double w = Math.max(Math.min(960, screen.getWidth()), screen.getWidth() * FIRST_SHARE);
        double h = Math.max(Math.min(600, screen.getHeight()), screen.getHeight() * FIRST_SHARE);
        stage.setWidth(w);
        stage.setHeight(h);
        stage.setX(screen.getMinX() + (screen.getWidth() - w) / 2);
        stage.setY(screen.getMinY() + (screen.getHeight() - h) / 2);
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
