package io.sharpstep.ui.view;

import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.QueueViewModel;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The queue: photos with their state and progress, the batch's progress, and the queue's buttons. */
public final class QueuePane extends VBox {
    private final ListView<QueueItem> list = new ListView<>();

    public QueuePane(QueueViewModel queue) {
        getStyleClass().add("queue-pane");
        Label title = new Label("Queue");
        title.getStyleClass().add("pane-title");
        list.setItems(queue.items());
        list.setCellFactory(v -> new QueueCell());
        list.setPlaceholder(new Label("Drop photos or folders,\npaste an image (Ctrl+V)\nor Open… (Ctrl+O)"));
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                queue.selectedProperty().set(b);
            }
        });
        queue.selectedProperty().addListener((o, a, b) -> {
            if (b != null && list.getSelectionModel().getSelectedItem() != b) {
                list.getSelectionModel().select(b);
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        Button remove = new Button("Remove");
        remove.setTooltip(new Tooltip("Remove the selected photo (Delete)"));
        remove.setOnAction(e -> queue.remove(list.getSelectionModel().getSelectedItem()));
        Button clear = new Button("Clear");
        clear.setTooltip(new Tooltip("Remove every photo that is not running"));
        clear.setOnAction(e -> queue.clear());
        Button again = new Button("Run again");
        again.setTooltip(new Tooltip("Queue the selected finished photo again (e.g. with another model pack)"));
        again.setOnAction(e -> queue.requeue(list.getSelectionModel().getSelectedItem()));
        HBox buttons = new HBox(6, remove, clear, again);
        ProgressBar batch = new ProgressBar();
        batch.setMaxWidth(Double.MAX_VALUE);
        batch.progressProperty().bind(queue.batchProgressProperty());
        Label batchText = new Label();
        batchText.getStyleClass().add("batch-text");
        batchText.textProperty().bind(queue.batchTextProperty());
        setSpacing(8);
        getChildren().addAll(title, list, batch, batchText, buttons);
        setPrefWidth(300);
        setMinWidth(220);
    }

    public ListView<QueueItem> list() {
        return list;
    }
}
