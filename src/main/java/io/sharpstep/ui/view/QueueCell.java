package io.sharpstep.ui.view;

import io.sharpstep.ui.model.ItemState;
import io.sharpstep.ui.model.QueueItem;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Locale;

/** A queue row: thumbnail, name, state, what is running and its progress. */
final class QueueCell extends ListCell<QueueItem> {
    private final ImageView thumb = new ImageView();
    private final Label name = new Label();
    private final Label state = new Label();
    private final Label detail = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final HBox root;
    private final ChangeListener<ItemState> stateListener = (o, a, b) -> styleState(b);
    private QueueItem watched;

    QueueCell() {
        thumb.setFitWidth(56);
        thumb.setFitHeight(56);
        thumb.setPreserveRatio(true);
        StackBox box = new StackBox(thumb);
        name.getStyleClass().add("queue-name");
        state.getStyleClass().add("state-pill");
        detail.getStyleClass().add("queue-detail");
        detail.setWrapText(true);
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.getStyleClass().add("queue-progress");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(6, name, spacer, state);
        VBox text = new VBox(3, top, detail, progress);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMinWidth(0);
        name.setMinWidth(0);
        root = new HBox(8, box, text);
        root.getStyleClass().add("queue-cell");
    }

    @Override
    protected void updateItem(QueueItem item, boolean empty) {
        super.updateItem(item, empty);
        thumb.imageProperty().unbind();
        state.textProperty().unbind();
        detail.textProperty().unbind();
        progress.progressProperty().unbind();
        progress.visibleProperty().unbind();
        if (watched != null) {
            watched.stateProperty().removeListener(stateListener);
            watched = null;
        }
        if (empty || item == null) {
            setGraphic(null);
            setText(null);
            return;
        }
        name.setText(item.name());
        thumb.imageProperty().bind(item.thumbnailProperty());
        state.textProperty().bind(Bindings.createStringBinding(() -> item.state().label(), item.stateProperty()));
        detail.textProperty().bind(item.detailProperty());
        progress.progressProperty().bind(item.progressProperty());
        progress.visibleProperty().bind(item.stateProperty().isEqualTo(ItemState.RUNNING));
        progress.managedProperty().bind(progress.visibleProperty());
        watched = item;
        item.stateProperty().addListener(stateListener);
        styleState(item.state());
        setText(null);
        setGraphic(root);
    }

    private void styleState(ItemState s) {
        state.getStyleClass().removeIf(c -> c.startsWith("state-") && !c.equals("state-pill"));
        state.getStyleClass().add("state-" + s.name().toLowerCase(Locale.ROOT));
    }

    /** A fixed-size box that centres the thumbnail. */
    private static final class StackBox extends javafx.scene.layout.StackPane {
        StackBox(ImageView v) {
            super(v);
            setMinSize(60, 60);
            setPrefSize(60, 60);
            setMaxSize(60, 60);
            getStyleClass().add("thumb-box");
        }
    }
}
