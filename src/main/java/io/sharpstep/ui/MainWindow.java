package io.sharpstep.ui;

import io.sharpstep.ui.model.StatusModel;
import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.view.Actions;
import io.sharpstep.ui.view.CompareView;
import io.sharpstep.ui.view.QueuePane;
import io.sharpstep.ui.view.SettingsPane;
import io.sharpstep.ui.view.StatusPane;
import io.sharpstep.ui.view.Toolbar;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
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

/**
 * The main window's content: tool bar, queue, before/after viewer, settings and log, status bar. Built from
 * {@link Services} without a stage, so tests can put it in any scene.
 */
public final class MainWindow {
    private final Services services;
    private final BorderPane root = new BorderPane();
    private final CompareView viewer;
    private final QueuePane queuePane;
    private final NotificationPane notifications;
    private final Actions actions;
    private final Timeline memory;

    public MainWindow(Services services) {
        this.services = services;
        this.actions = new Actions(services, () -> root.getScene() == null ? null : root.getScene().getWindow());
        viewer = new CompareView(services.viewer(), services.loader());
        viewer.setId("compareView");
        viewer.itemProperty().bind(services.queue().selectedProperty());
        viewer.setOnRegion(services.queue()::previewRegion);
        queuePane = new QueuePane(services.queue());
        notifications = new NotificationPane(viewer);
        notifications.getStyleClass().add(NotificationPane.STYLE_CLASS_DARK);
        notifications.setShowFromTop(true);
        StatusModel status = services.status();
        status.errorProperty().addListener((o, a, b) -> {
            if (b != null && !b.isBlank()) {
                notifications.getActions().setAll(new Action("Details…", e -> showDetails()));
                notifications.show(b);
            } else {
                notifications.hide();
            }
        });
        notifications.setOnHidden(e -> status.clearError());

        TabPane side = new TabPane(new Tab("Settings", new SettingsPane(services.settings(), status)),
                new Tab("Log", StatusPane.log(status)));
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setPrefWidth(350);
        side.setMinWidth(260);
        SplitPane center = new SplitPane(queuePane, notifications, side);
        center.setDividerPositions(0.19, 0.76);
        SplitPane.setResizableWithParent(queuePane, false);
        SplitPane.setResizableWithParent(side, false);
        root.setTop(Toolbar.create(services, actions));
        root.setCenter(center);
        root.setBottom(StatusPane.statusBar(status, services.queue()));
        root.getStyleClass().add("sharpstep-root");
        root.getStylesheets().add(Objects.requireNonNull(
                MainWindow.class.getResource("sharpstep.css")).toExternalForm());

        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() || e.getDragboard().hasImage()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        root.setOnDragDropped(e -> {
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

    /** Ctrl+O, Ctrl+V, Ctrl+S, Space (before/after), + / - / 0 / 1 / 2 / 4 (zoom), R (region), Esc (cancel). */
    public void installShortcuts(Scene scene) {
        ViewerViewModel vm = services.viewer();
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), actions::open);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), actions::saveAs);
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
                case SPACE -> vm.showBeforeProperty().set(!vm.showBeforeProperty().get());
                case PLUS, EQUALS, ADD -> vm.step(1);
                case MINUS, SUBTRACT -> vm.step(-1);
                case DIGIT0, NUMPAD0 -> vm.zoomToFit();
                case DIGIT1, NUMPAD1 -> vm.zoomTo(1);
                case DIGIT2, NUMPAD2 -> vm.zoomTo(2);
                case DIGIT4, NUMPAD4 -> vm.zoomTo(4);
                case R -> vm.regionModeProperty().set(!vm.regionModeProperty().get());
                case ESCAPE -> services.queue().cancelCurrent();
                case DELETE -> services.queue().remove(services.queue().selectedProperty().get());
                default -> handled = false;
            }
            if (handled && !(shortcut && e.getCode() != KeyCode.V)) {
                e.consume();
            }
        });
    }

    private void showDetails() {
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.setTitle("SharpStep");
        a.setHeaderText(services.status().errorProperty().get());
        TextArea text = new TextArea(services.status().errorDetailsProperty().get());
        text.setEditable(false);
        text.setWrapText(true);
        a.getDialogPane().setContent(text);
        if (root.getScene() != null) {
            a.initOwner(root.getScene().getWindow());
            a.getDialogPane().getStylesheets().addAll(root.getStylesheets());
        }
        a.show();
    }

    public void dispose() {
        memory.stop();
        viewer.dispose();
    }

    public Node root() { return root; }
    public CompareView viewer() { return viewer; }
    public QueuePane queuePane() { return queuePane; }
    public NotificationPane notifications() { return notifications; }
    public Actions actions() { return actions; }
    public Services services() { return services; }
}
