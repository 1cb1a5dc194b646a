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

/** The queue: photos with their state and progress, the counts and time left, and the queue's buttons. */
public final class QueuePane extends VBox {
    private final ListView<QueueItem> list = new ListView<>();

    public QueuePane(QueueViewModel queue) {
        getStyleClass().add("queue-pane");
        Label title = new Label("Queue");
        title.getStyleClass().add("pane-title");
        list.setId("queueList");
        list.setItems(queue.items());
        list.setCellFactory(v -> new QueueCell());
        Label empty = new Label("Drop photos or folders,\npaste an image (Ctrl+V)\nor Add photos… (Ctrl+O)");
        empty.setWrapText(true);
        list.setPlaceholder(empty);
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
        remove.setId("removeButton");
        remove.setTooltip(new Tooltip("Remove the selected photo from the queue (Delete); its results stay on disk"));
        remove.setOnAction(e -> queue.remove(queue.selectedProperty().get()));
        remove.disableProperty().bind(queue.canRemoveProperty().not());
        Button clear = new Button("Clear");
        clear.setId("clearButton");
        clear.setTooltip(new Tooltip("Remove every photo that is not running; results stay on disk"));
        clear.setOnAction(e -> queue.clear());
        clear.disableProperty().bind(queue.canClearProperty().not());
        Button again = new Button("Run again");
        again.setId("runAgainButton");
        again.setTooltip(new Tooltip("Enhance the selected finished photo again (e.g. with another model)"));
        again.setOnAction(e -> queue.runAgain(queue.selectedProperty().get()));
        again.disableProperty().bind(queue.canRunAgainProperty().not());
        HBox buttons = new HBox(6, remove, clear, again);
        for (Button b : new Button[] {remove, clear, again}) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        ProgressBar batch = new ProgressBar();
        batch.setId("batchProgress");
        batch.setMaxWidth(Double.MAX_VALUE);
        batch.progressProperty().bind(queue.batchProgressProperty());
        batch.visibleProperty().bind(queue.runningProperty());
        Label batchText = new Label();
        batchText.setId("batchText");
        batchText.getStyleClass().add("batch-text");
        batchText.setWrapText(true);
        batchText.textProperty().bind(queue.batchTextProperty());
        Tooltip batchTip = new Tooltip();
        batchTip.textProperty().bind(queue.batchTextProperty());
        batchText.setTooltip(batchTip);
        setSpacing(8);
        getChildren().addAll(title, list, batch, batchText, buttons);
        setPrefWidth(280);
        setMinWidth(230);
    }

    public ListView<QueueItem> list() {
        return list;
    }
}
