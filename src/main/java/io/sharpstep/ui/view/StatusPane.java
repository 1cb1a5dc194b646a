package io.sharpstep.ui.view;

import io.sharpstep.ui.model.QueueViewModel;
import io.sharpstep.ui.model.StatusModel;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import org.controlsfx.control.StatusBar;

/** The status bar (message, batch progress, device, model, memory) and the log list. */
public final class StatusPane {
    private StatusPane() {
    }

    /** The status bar; its message is cut with "…" where the window is narrow, and whole on its tooltip. */
    public static StatusBar statusBar(StatusModel status, QueueViewModel queue) {
        StatusBar bar = new StatusBar();
        bar.setId("statusBar");
        bar.textProperty().bind(status.messageProperty());
        Tooltip tip = new Tooltip();
        tip.setWrapText(true);
        tip.setMaxWidth(600);
        tip.textProperty().bind(status.messageProperty());
        bar.setTooltip(tip);
        bar.progressProperty().bind(Bindings.when(queue.runningProperty())
                .then(queue.batchProgressProperty()).otherwise(0.0));
        Label device = label("status-device", status.deviceProperty());
        device.setId("deviceLabel");
        Label model = label("status-model", status.modelProperty());
        Label memory = label("status-memory", status.memoryProperty());
        memory.setMinWidth(Region.USE_PREF_SIZE);
        bar.getRightItems().addAll(new Separator(Orientation.VERTICAL), model, new Separator(Orientation.VERTICAL),
                device, new Separator(Orientation.VERTICAL), memory);
        return bar;
    }

    private static Label label(String style, ObservableValue<String> text) {
        Label l = new Label();
        l.getStyleClass().add(style);
        l.textProperty().bind(text);
        l.setMaxWidth(260);
        Tooltip t = new Tooltip();
        t.textProperty().bind(text);
        l.setTooltip(t);
        return l;
    }

    /** The log: one entry a row, long ones wrapped. */
    public static ListView<String> log(StatusModel status) {
        ListView<String> log = new ListView<>(status.log());
        log.setId("logList");
        log.getStyleClass().add("log-list");
        log.setCellFactory(v -> {
            ListCell<String> c = new ListCell<>() {
                @Override
                protected void updateItem(String s, boolean empty) {
                    super.updateItem(s, empty);
                    setText(empty ? null : s);
                }
            };
            c.setWrapText(true);
            c.setPrefWidth(0);
            return c;
        });
        status.log().addListener((javafx.collections.ListChangeListener<String>) c ->
                log.scrollTo(Math.max(0, status.log().size() - 1)));
        return log;
    }
}
