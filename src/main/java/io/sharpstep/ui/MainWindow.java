package io.sharpstep.ui;

import io.sharpstep.ui.model.QueueViewModel;
import io.sharpstep.ui.model.Services;
import io.sharpstep.ui.model.StatusModel;
import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.view.Actions;
import io.sharpstep.ui.view.CompareView;
import io.sharpstep.ui.view.DetailsDialog;
import io.sharpstep.ui.view.QueuePane;
import io.sharpstep.ui.view.SettingsPane;
import io.sharpstep.ui.view.StatusPane;
import io.sharpstep.ui.view.Toolbar;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToolBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.action.Action;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The main window's content: tool bar, queue, before/after viewer, settings and log, status bar. Built from
 * {@link Services} without a stage, so tests can put it in any scene.
 */
public final class MainWindow {
    /** How long an error banner stays before it folds away (the status bar and Log keep it). */
    static final Duration BANNER_TIME = Duration.seconds(15);

    private final Services services;
    private final BorderPane root = new BorderPane();
    private final CompareView viewer;
    private final QueuePane queuePane;
    private final NotificationPane notifications;
    private final Actions actions;
    private final ToolBar toolbar;
    private final Timeline memory;
    private final PauseTransition bannerTimer = new PauseTransition(BANNER_TIME);
    private Runnable onQuit = () -> { };
    private Alert confirm;

    public MainWindow(Services services) {
        this.services = services;
        this.actions = new Actions(services, () -> root.getScene() == null ? null : root.getScene().getWindow());
        viewer = new CompareView(services.viewer(), services.region(), () -> {
            var p = services.settings().packProperty().get();
            return p == null ? 4 : p.manifest().scale();
        });
        viewer.setId("compareView");
        viewer.photoProperty().bind(services.queue().shownProperty());
        viewer.setOnRegion(services.region()::preview);
        queuePane = new QueuePane(services.queue());
        notifications = new NotificationPane(viewer);
        notifications.setId("errorBanner");
        notifications.getStyleClass().add(NotificationPane.STYLE_CLASS_DARK);
        notifications.setShowFromTop(true);
        StatusModel status = services.status();
        status.errorProperty().addListener((o, a, b) -> {
            if (b != null && !b.isBlank()) {
                notifications.getActions().setAll(new Action("Details…", e -> showDetails()));
                notifications.show(b);
                bannerTimer.playFromStart();
            } else {
                notifications.hide();
            }
        });
        bannerTimer.setOnFinished(e -> notifications.hide());
        // Closed by its button or its timer: the error is over. (A new error shown over an old one hides and shows
        // the bar again; that hide must not clear the new error.)
        notifications.setOnHidden(e -> javafx.application.Platform.runLater(() -> {
            if (!notifications.isShowing()) {
                status.clearError();
            }
        }));
        viewer.topInsetProperty().bind(javafx.beans.binding.Bindings.when(notifications.showingProperty())
                .then(46.0).otherwise(0.0));

        TabPane side = new TabPane(new Tab("Settings", new SettingsPane(services.settings(), status)),
                new Tab("Log", StatusPane.log(status)));
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setPrefWidth(350);
        side.setMinWidth(250);
        SplitPane center = new SplitPane(queuePane, notifications, side);
        center.setDividerPositions(0.2, 0.76);
        SplitPane.setResizableWithParent(queuePane, false);
        SplitPane.setResizableWithParent(side, false);
        toolbar = Toolbar.create(services, actions);
        root.setTop(toolbar);
        root.setCenter(center);
        root.setBottom(StatusPane.statusBar(status, services.queue()));
        root.getStyleClass().add("sharpstep-root");
        root.getStylesheets().add(Objects.requireNonNull(
                MainWindow.class.getResource("sharpstep.css")).toExternalForm());

        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() || e.getDragboard().hasImage()) {
                e.acceptTransferModes(TransferMode.COPY);
                viewer.setDropping(true);
            }
            e.consume();
        });
        root.setOnDragExited(e -> viewer.setDropping(false));
        root.setOnDragDropped(e -> {
            viewer.setDropping(false);
            e.setDropCompleted(actions.drop(e.getDragboard()));
            e.consume();
        });
        memory = new Timeline(new KeyFrame(Duration.seconds(2), e -> status.updateMemory()));
        memory.setCycleCount(Timeline.INDEFINITE);
        memory.play();
    }

    /** A scene for this window, with the keyboard shortcuts installed. */
    public Scene createScene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        installShortcuts(scene);
        return scene;
    }

    /** What Ctrl+Q and closing the window do once confirmed (the app closes the stage). */
    public void setOnQuit(Runnable quit) {
        this.onQuit = quit;
    }

    /**
     * Ctrl+O / Ctrl+Shift+O (add), Ctrl+V, Ctrl+S, Ctrl+Enter (start), Ctrl+Q, Space (hold: before everywhere),
     * + / - / 0 / 1 / 2 / 4
     * (zoom), R (region mode), Esc (stop the region preview, leave region mode, or cancel the running photo),
     * Delete (remove).
     */
    public void installShortcuts(Scene scene) {
        ViewerViewModel vm = services.viewer();
        QueueViewModel queue = services.queue();
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), actions::open);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), actions::openFolder);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), actions::saveAs);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN),
                () -> requestQuit(null));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), queue::start);
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == KeyCode.SPACE && !(scene.getFocusOwner() instanceof TextInputControl)) {
                vm.showBeforeProperty().set(false);
                e.consume();
            }
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (scene.getFocusOwner() instanceof TextInputControl) {
                return;
            }
            boolean shortcut = e.isShortcutDown();
            boolean handled = true;
            switch (e.getCode()) {
                case V -> {
                    if (shortcut) {
                        actions.paste();
                    } else {
                        handled = false;
                    }
                }
                case SPACE -> vm.showBeforeProperty().set(true);
                case PLUS, EQUALS, ADD -> vm.step(1);
                case MINUS, SUBTRACT -> vm.step(-1);
                case DIGIT0, NUMPAD0 -> vm.zoomToFit();
                case DIGIT1, NUMPAD1 -> vm.zoomTo(1);
                case DIGIT2, NUMPAD2 -> vm.zoomTo(2);
                case DIGIT4, NUMPAD4 -> vm.zoomTo(4);
                case R -> handled = !shortcut && toggle(vm);
                case ESCAPE -> escape();
                case DELETE -> queue.remove(queue.selectedProperty().get());
                default -> handled = false;
            }
            if (handled && !(shortcut && e.getCode() != KeyCode.V)) {
                e.consume();
            }
        });
    }

    private static boolean toggle(ViewerViewModel vm) {
        vm.regionModeProperty().set(!vm.regionModeProperty().get());
        return true;
    }

    private void escape() {
        if (services.region().runningProperty().get()) {
            services.region().cancel();
        } else if (services.viewer().regionModeProperty().get()) {
            services.viewer().regionModeProperty().set(false);
        } else {
            services.queue().cancelCurrent();
        }
    }

    /**
     * Quits, asking first when a photo is running or waiting (their work would be lost). {@code answered} gets
     * whether the window goes (for tests; may be null).
     */
    public void requestQuit(Consumer<Boolean> answered) {
        if (!services.queue().hasUnfinishedWork()) {
            onQuit.run();
            if (answered != null) {
                answered.accept(true);
            }
            return;
        }
        if (confirm != null && confirm.isShowing()) {
            return;
        }
        long waiting = services.queue().items().stream()
                .filter(i -> i.state() == io.sharpstep.ui.model.ItemState.WAITING).count();
        boolean running = services.queue().runningProperty().get();
        confirm = new Alert(Alert.AlertType.CONFIRMATION);
        confirm.setTitle("SharpStep");
        confirm.setHeaderText("Quit and stop the work?");
        confirm.setContentText((running ? "A photo is being enhanced; it will be stopped and nothing of it is"
                + " written. " : "") + (waiting > 0 ? waiting + (waiting == 1 ? " photo is" : " photos are")
                + " still waiting. " : "") + "Results already written stay on disk.");
        ButtonType quit = new ButtonType("Quit", ButtonBar.ButtonData.OK_DONE);
        ButtonType stay = new ButtonType("Keep working", ButtonBar.ButtonData.CANCEL_CLOSE);
        confirm.getButtonTypes().setAll(stay, quit);
        confirm.getDialogPane().setId("quitDialog");
        if (root.getScene() != null && root.getScene().getWindow() != null) {
            confirm.initOwner(root.getScene().getWindow());
            confirm.getDialogPane().getStylesheets().addAll(root.getStylesheets());
        }
        confirm.setOnHidden(e -> {
            boolean go = confirm.getResult() == quit;
            if (go) {
                onQuit.run();
            }
            if (answered != null) {
                answered.accept(go);
            }
        });
        confirm.show();
    }

    private void showDetails() {
        bannerTimer.stop();
        DetailsDialog.show(root.getScene() == null ? null : root.getScene().getWindow(), root.getStylesheets(),
                services.status().errorProperty().get(), services.status().errorDetailsProperty().get());
    }

    public void dispose() {
        memory.stop();
        bannerTimer.stop();
        viewer.dispose();
    }

    public Node root() { return root; }
    public CompareView viewer() { return viewer; }
    public QueuePane queuePane() { return queuePane; }
    public NotificationPane notifications() { return notifications; }
    public ToolBar toolbar() { return toolbar; }
    public Actions actions() { return actions; }
    public Services services() { return services; }
}
