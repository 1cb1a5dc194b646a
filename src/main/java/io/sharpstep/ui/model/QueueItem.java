package io.sharpstep.ui.model;

import io.sharpstep.ui.viewer.Raster;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import javafx.scene.image.Image;

import java.nio.file.Path;

/** One photo in the queue. Its properties are changed on the FX thread only. */
public final class QueueItem {
    private final Path path;
    private final ObjectProperty<ItemState> state = new SimpleObjectProperty<>(ItemState.WAITING);
    /** 0..1, or -1 while unknown. */
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    /** E.g. "Denoising 3/12 · 20 s left", or the failure sentence. */
    private final StringProperty detail = new SimpleStringProperty("");
    /** Seconds left for this photo, -1 while unknown. */
    private final DoubleProperty eta = new SimpleDoubleProperty(-1);
    private final ObjectProperty<Image> thumbnail = new SimpleObjectProperty<>();
    private final ObjectProperty<SourceImage> source = new SimpleObjectProperty<>();
    /** Pack id → latest result of that pack for this photo. */
    private final ObservableMap<String, ResultImage> results = FXCollections.observableHashMap();
    /** The pack whose result is the "after" side. */
    private final StringProperty shownPack = new SimpleStringProperty("");
    /** Bumped whenever pixels of a result changed in place (live tiles). */
    private final IntegerProperty revision = new SimpleIntegerProperty(0);
    private final ObjectProperty<Path> output = new SimpleObjectProperty<>();
    /** Bicubic ×4 of the source, made on demand for the "before" side. */
    private final ObjectProperty<Raster> bicubic = new SimpleObjectProperty<>();

    public QueueItem(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public String name() {
        return path.getFileName().toString();
    }

    /** The result the "after" side shows, or null. */
    public ResultImage shownResult() {
        return results.get(shownPack.get());
    }

    public void putResult(ResultImage r) {
        results.put(r.packId(), r);
        shownPack.set(r.packId());
        touch();
    }

    public void touch() {
        revision.set(revision.get() + 1);
    }

    public ObjectProperty<ItemState> stateProperty() { return state; }
    public ItemState state() { return state.get(); }
    public DoubleProperty progressProperty() { return progress; }
    public StringProperty detailProperty() { return detail; }
    public DoubleProperty etaProperty() { return eta; }
    public ObjectProperty<Image> thumbnailProperty() { return thumbnail; }
    public ObjectProperty<SourceImage> sourceProperty() { return source; }
    public ObservableMap<String, ResultImage> results() { return results; }
    public StringProperty shownPackProperty() { return shownPack; }
    public IntegerProperty revisionProperty() { return revision; }
    public ObjectProperty<Path> outputProperty() { return output; }
    public ObjectProperty<Raster> bicubicProperty() { return bicubic; }

    @Override
    public String toString() {
        return name() + " (" + state.get().label() + ")";
    }
}
