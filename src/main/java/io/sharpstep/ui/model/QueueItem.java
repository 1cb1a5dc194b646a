package io.sharpstep.ui.model;

import io.sharpstep.image.ImageHeader;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import javafx.scene.image.Image;

import java.nio.file.Path;

/**
 * One photo in the queue: only what is small (state, texts, thumbnail, header, the files written). Pixels live in
 * the {@link PhotoView} of the photo on screen, and nowhere else. Properties change on the FX thread only.
 */
public final class QueueItem {
    /** A result written for this photo by one pack. */
    public record Output(Path file, int width, int height) {
    }

    private final Path path;
    private final boolean pasted;
    private final ObjectProperty<ItemState> state = new SimpleObjectProperty<>(ItemState.WAITING);
    /** 0..1, measured or estimated (see {@link #estimatedProperty()}). */
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    /** Whether the progress is an estimate from earlier speed rather than work done. */
    private final BooleanProperty estimated = new SimpleBooleanProperty(false);
    /** E.g. "Enhancing 3/12 · 20 s left", the planned size before a run, or the failure sentence. */
    private final StringProperty detail = new SimpleStringProperty("");
    /** Seconds left for this photo, -1 while unknown. */
    private final DoubleProperty eta = new SimpleDoubleProperty(-1);
    private final ObjectProperty<Image> thumbnail = new SimpleObjectProperty<>();
    /** What the header says (null until checked, or if it could not be read). */
    private final ObjectProperty<ImageHeader> header = new SimpleObjectProperty<>();
    /** Pack id → the result it wrote. */
    private final ObservableMap<String, Output> outputs = FXCollections.observableHashMap();
    /** The pack whose result is the "after" side. */
    private final StringProperty shownPack = new SimpleStringProperty("");
    /** Full failure detail for "Details…" (cause chain, pack, device), or "". */
    private final StringProperty failureDetail = new SimpleStringProperty("");

    public QueueItem(Path path, boolean pasted) {
        this.path = path;
        this.pasted = pasted;
    }

    public QueueItem(Path path) {
        this(path, false);
    }

    public Path path() {
        return path;
    }

    /** Whether it came from the clipboard (a temporary file: its results must not go beside it). */
    public boolean pasted() {
        return pasted;
    }

    public String name() {
        return path.getFileName().toString();
    }

    /** The written result the "after" side shows, or null. */
    public Output shownOutput() {
        return outputs.get(shownPack.get());
    }

    public ObjectProperty<ItemState> stateProperty() { return state; }
    public ItemState state() { return state.get(); }
    public DoubleProperty progressProperty() { return progress; }
    public BooleanProperty estimatedProperty() { return estimated; }
    public StringProperty detailProperty() { return detail; }
    public DoubleProperty etaProperty() { return eta; }
    public ObjectProperty<Image> thumbnailProperty() { return thumbnail; }
    public ObjectProperty<ImageHeader> headerProperty() { return header; }
    public ObservableMap<String, Output> outputs() { return outputs; }
    public StringProperty shownPackProperty() { return shownPack; }
    public StringProperty failureDetailProperty() { return failureDetail; }

    @Override
    public String toString() {
        return name() + " (" + state.get().label() + ")";
    }
}
