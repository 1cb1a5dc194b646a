package io.sharpstep.ui.model;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.image.ImageFiles;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.jobs.JobSettings;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/** What the user chose for the next jobs; persisted through a {@link SettingsStore} on every change. */
public final class SettingsViewModel {
    public static final List<Choice<DeviceSpec>> DEVICES = List.of(
            new Choice<>(DeviceSpec.AUTO, "Auto"), new Choice<>(DeviceSpec.CPU, "CPU"),
            cuda(0), cuda(1), cuda(2), cuda(3));
    public static final List<Choice<Integer>> TILES = List.of(new Choice<>(0, "Auto (pack's choice)"),
            new Choice<>(256, "256 px"), new Choice<>(384, "384 px"), new Choice<>(512, "512 px"),
            new Choice<>(768, "768 px"), new Choice<>(1024, "1024 px"));
    public static final List<Choice<ColorFix>> COLOR_FIXES = List.of(new Choice<>(null, "Pack default"),
            new Choice<>(ColorFix.ADAIN, "AdaIN (mean and contrast)"),
            new Choice<>(ColorFix.WAVELET, "Wavelet (low frequencies)"), new Choice<>(ColorFix.NONE, "None"));
    public static final List<Choice<ImageFormat>> FORMATS = List.of(new Choice<>(null, "Same as input"),
            new Choice<>(ImageFormat.PNG, "PNG"), new Choice<>(ImageFormat.JPEG, "JPEG"),
            new Choice<>(ImageFormat.TIFF, "TIFF"));

    private final ObservableList<ModelPack> packs = FXCollections.observableArrayList();
    private final ObjectProperty<ModelPack> pack = new SimpleObjectProperty<>();
    private final ObjectProperty<Choice<DeviceSpec>> device = new SimpleObjectProperty<>(DEVICES.get(0));
    private final ObjectProperty<Choice<Integer>> tile = new SimpleObjectProperty<>(TILES.get(0));
    private final ObjectProperty<Choice<ColorFix>> colorFix = new SimpleObjectProperty<>(COLOR_FIXES.get(0));
    private final ObjectProperty<Path> outputDir = new SimpleObjectProperty<>();
    private final ObjectProperty<Choice<ImageFormat>> format = new SimpleObjectProperty<>(FORMATS.get(0));
    private final DoubleProperty quality = new SimpleDoubleProperty(0.92);
    private final BooleanProperty keepMetadata = new SimpleBooleanProperty(true);
    private final SettingsStore store;

    public SettingsViewModel(PackCatalog catalog, SettingsStore store) {
        this.store = store;
        packs.setAll(catalog.packs());
        pack.set(catalog.defaultPack());
        load(store.load());
        for (Observable o : List.of(pack, device, tile, colorFix, outputDir, format, quality, keepMetadata)) {
            o.addListener(x -> persist());
        }
    }

    private static Choice<DeviceSpec> cuda(int n) {
        return new Choice<>(new DeviceSpec(DeviceKind.CUDA, n), "CUDA " + n);
    }

    private void load(Properties p) {
        String id = p.getProperty("pack");
        packs.stream().filter(m -> m.id().equals(id)).findFirst().ifPresent(pack::set);
        device.set(find(DEVICES, p.getProperty("device"), c -> c.value().toString()));
        tile.set(find(TILES, p.getProperty("tile"), c -> String.valueOf(c.value())));
        colorFix.set(find(COLOR_FIXES, p.getProperty("colorFix"), c -> key(c.value())));
        format.set(find(FORMATS, p.getProperty("format"), c -> c.value() == null ? "" : c.value().extension()));
        String dir = p.getProperty("outputDir", "");
        outputDir.set(dir.isBlank() ? null : Paths.get(dir));
        try {
            quality.set(Math.max(0.3, Math.min(1, Double.parseDouble(p.getProperty("quality", "0.92")))));
        } catch (NumberFormatException e) {
            quality.set(0.92);
        }
        keepMetadata.set(!"false".equals(p.getProperty("keepMetadata")));
    }

    private static <T> Choice<T> find(List<Choice<T>> list, String saved, java.util.function.Function<Choice<T>, String> key) {
        return list.stream().filter(c -> Objects.equals(key.apply(c), saved)).findFirst().orElse(list.get(0));
    }

    private static String key(ColorFix f) {
        return f == null ? "" : f.key();
    }

    public Properties toProperties() {
        Properties p = new Properties();
        if (pack.get() != null) {
            p.setProperty("pack", pack.get().id());
        }
        p.setProperty("device", device.get().value().toString());
        p.setProperty("tile", String.valueOf(tile.get().value()));
        p.setProperty("colorFix", key(colorFix.get().value()));
        p.setProperty("format", format.get().value() == null ? "" : format.get().value().extension());
        p.setProperty("outputDir", outputDir.get() == null ? "" : outputDir.get().toString());
        p.setProperty("quality", String.valueOf(quality.get()));
        p.setProperty("keepMetadata", String.valueOf(keepMetadata.get()));
        return p;
    }

    private void persist() {
        try {
            store.save(toProperties());
        } catch (IOException e) {
            // Settings are a convenience: a read-only config folder must not stop the work.
        }
    }

    /** How the engine should run the selected pack. */
    public UpscaleOptions upscaleOptions() {
        return new UpscaleOptions(device.get().value(), tile.get().value(), 0, 0, colorFix.get().value());
    }

    /** Settings for the jobs of the queue. */
    public JobSettings jobSettings() {
        return new JobSettings(outputDir.get(), format.get().value(), (float) quality.get(),
                ImageFiles.DEFAULT_MAX_PIXELS, false, keepMetadata.get(), false);
    }

    /** The pack's colour fix as shown next to "Pack default". */
    public String packColorFix() {
        ModelPack p = pack.get();
        return p == null || p.manifest().colorFix() == null ? "none" : p.manifest().colorFix().key();
    }

    public ObservableList<ModelPack> packs() { return packs; }
    public ObjectProperty<ModelPack> packProperty() { return pack; }
    public ObjectProperty<Choice<DeviceSpec>> deviceProperty() { return device; }
    public ObjectProperty<Choice<Integer>> tileProperty() { return tile; }
    public ObjectProperty<Choice<ColorFix>> colorFixProperty() { return colorFix; }
    public ObjectProperty<Path> outputDirProperty() { return outputDir; }
    public ObjectProperty<Choice<ImageFormat>> formatProperty() { return format; }
    public DoubleProperty qualityProperty() { return quality; }
    public BooleanProperty keepMetadataProperty() { return keepMetadata; }
    public SettingsStore store() { return store; }
}
