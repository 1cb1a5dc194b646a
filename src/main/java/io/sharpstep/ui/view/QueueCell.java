package io.sharpstep.ui.view;

import io.sharpstep.ui.model.ItemState;
import io.sharpstep.ui.model.QueueItem;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * A queue row: thumbnail, name, state, what is running and its progress. The row is as wide as the list (no
 * sideways scrolling): a long name is cut in the middle with "…", the state always shows, and the whole text is on
 * the tooltip.
 */
final class QueueCell extends ListCell<QueueItem> {
    private final ImageView thumb = new ImageView();
    private final Label name = new Label();
    private final Label state = new Label();
    private final Label detail = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Tooltip tip = new Tooltip();
    private final HBox root;
    private final InvalidationListener restyle = o -> refresh();
    private QueueItem watched;

    QueueCell() {
        setPrefWidth(0); // follow the list's width instead of the content's
        thumb.setFitWidth(56);
        thumb.setFitHeight(56);
        thumb.setPreserveRatio(true);
        StackPane box = new StackPane(thumb);
        box.setMinSize(60, 60);
        box.setPrefSize(60, 60);
        box.setMaxSize(60, 60);
        box.getStyleClass().add("thumb-box");
        name.getStyleClass().add("queue-name");
        name.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        name.setMinWidth(0);
        state.getStyleClass().add("state-pill");
        state.setMinWidth(Region.USE_PREF_SIZE);
        detail.getStyleClass().add("queue-detail");
        detail.setWrapText(true);
        detail.setMinWidth(0);
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.getStyleClass().add("queue-progress");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox.setHgrow(name, Priority.SOMETIMES);
        HBox top = new HBox(6, name, spacer, state);
        top.setMinWidth(0);
        VBox text = new VBox(3, top, detail, progress);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMinWidth(0);
        root = new HBox(8, box, text);
        root.setMinWidth(0);
        root.getStyleClass().add("queue-cell");
        tip.setWrapText(true);
        tip.setMaxWidth(480);
    }

    @Override
    protected void updateItem(QueueItem item, boolean empty) {
        super.updateItem(item, empty);
        thumb.imageProperty().unbind();
        detail.textProperty().unbind();
        progress.progressProperty().unbind();
        if (watched != null) {
            watched.stateProperty().removeListener(restyle);
            watched.detailProperty().removeListener(restyle);
            watched.estimatedProperty().removeListener(restyle);
            watched = null;
        }
        if (empty || item == null) {
            setGraphic(null);
            setText(null);
            setTooltip(null);
            return;
        }
        name.setText(item.name());
        thumb.imageProperty().bind(item.thumbnailProperty());
        detail.textProperty().bind(item.detailProperty());
        progress.progressProperty().bind(Bindings.createDoubleBinding(() -> item.progressProperty().get(),
                item.progressProperty()));
        watched = item;
        item.stateProperty().addListener(restyle);
        item.detailProperty().addListener(restyle);
        item.estimatedProperty().addListener(restyle);
        refresh();
        setText(null);
        setGraphic(root);
        setTooltip(tip);
    }

    private void refresh() {
        QueueItem item = watched;
        if (item == null) {
            return;
        }
        ItemState s = item.state();
        state.setText(s.label());
        state.getStyleClass().removeIf(c -> c.startsWith("state-") && !c.equals("state-pill"));
        state.getStyleClass().add("state-" + s.name().toLowerCase(Locale.ROOT));
        boolean run = s == ItemState.RUNNING;
        progress.setVisible(run);
        progress.setManaged(run);
        progress.getStyleClass().remove("estimated");
        if (item.estimatedProperty().get()) {
            progress.getStyleClass().add("estimated");
        }
        tip.setText(item.path() + "\n" + s.label() + (item.detailProperty().get().isBlank() ? ""
                : ": " + item.detailProperty().get()));
    }
}
