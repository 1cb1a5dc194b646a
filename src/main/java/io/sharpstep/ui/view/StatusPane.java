package io.sharpstep.ui.view;

import io.sharpstep.ui.model.QueueViewModel;
import io.sharpstep.ui.model.StatusModel;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.geometry.Orientation;
import org.controlsfx.control.StatusBar;

/** The status bar (message, batch progress, device, model, memory) and the log list. */
public final class StatusPane {
    private StatusPane() {
    }

    public static StatusBar statusBar(StatusModel status, QueueViewModel queue) {
        StatusBar bar = new StatusBar();
        bar.setId("statusBar");
        bar.textProperty().bind(status.messageProperty());
        bar.progressProperty().bind(Bindings.when(queue.runningProperty())
                .then(queue.batchProgressProperty()).otherwise(0.0));
        Label device = label("status-device", status.deviceProperty());
        device.setId("deviceLabel");
        Label model = label("status-model", status.modelProperty());
        Label memory = label("status-memory", status.memoryProperty());
        bar.getRightItems().addAll(new Separator(Orientation.VERTICAL), model, new Separator(Orientation.VERTICAL),
                device, new Separator(Orientation.VERTICAL), memory);
        return bar;
    }

    private static Label label(String style, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.getStyleClass().add(style);
        l.textProperty().bind(text);
        return l;
    }

    public static ListView<String> log(StatusModel status) {
        ListView<String> log = new ListView<>(status.log());
        log.setId("logList");
        log.getStyleClass().add("log-list");
        status.log().addListener((javafx.collections.ListChangeListener<String>) c ->
                log.scrollTo(Math.max(0, status.log().size() - 1)));
        return log;
    }
}
