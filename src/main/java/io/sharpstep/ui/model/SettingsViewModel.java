package io.sharpstep.ui.model;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.UpscaleOptions;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.image.ImageFiles;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.jobs.JobSettings;
import io.sharpstep.ui.work.SettingsStore;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the user chose for the next jobs, as properties for the controls, read from and written to one
 * {@link UiSettings} record. Every change is saved off the FX thread (the latest values only).
 */
public final class SettingsViewModel {
    public static final Choice<DeviceSpec> AUTO = new Choice<>(DeviceSpec.AUTO, "Auto");
    public static final Choice<DeviceSpec> CPU = new Choice<>(DeviceSpec.CPU, "CPU");
    public static final List<Choice<Integer>> TILES = List.of(new Choice<>(0, "Auto"),
            new Choice<>(256, "256 px"), new Choice<>(384, "384 px"), new Choice<>(512, "512 px"),
            new Choice<>(768, "768 px"), new Choice<>(1024, "1024 px"));
    public static final List<Choice<Integer>> VAE_TILES = List.of(new Choice<>(0, "Auto"),
            new Choice<>(256, "256 px"), new Choice<>(512, "512 px"), new Choice<>(768, "768 px"),
            new Choice<>(1024, "1024 px"), new Choice<>(2048, "2048 px"));
    public static final List<Choice<Integer>> MEMORY = List.of(new Choice<>(0, "Auto"),
            new Choice<>(2048, "2 GB"), new Choice<>(4096, "4 GB"), new Choice<>(6144, "6 GB"),
            new Choice<>(8192, "8 GB"), new Choice<>(12288, "12 GB"), new Choice<>(16384, "16 GB"));
    public static final List<Choice<ColorFix>> COLOR_FIXES = List.of(new Choice<>(null, "Model default"),
            new Choice<>(ColorFix.WAVELET, "Wavelet"), new Choice<>(ColorFix.ADAIN, "AdaIN"),
            new Choice<>(ColorFix.NONE, "None"));
    public static final List<Choice<VaeStatisticsMode>> VAE_STATISTICS = List.of(
            new Choice<>(VaeStatisticsMode.SHARED, "Shared (seamless, fast)"),
            new Choice<>(VaeStatisticsMode.EXACT, "Exact (slowest, most faithful)"),
            new Choice<>(VaeStatisticsMode.PER_TILE, "Per piece (as a plain model)"));
    public static final List<Choice<ImageFormat>> FORMATS = List.of(new Choice<>(null, "As the photo"),
            new Choice<>(ImageFormat.PNG, "PNG"), new Choice<>(ImageFormat.JPEG, "JPEG"),
            new Choice<>(ImageFormat.TIFF, "TIFF"));

    private final ObservableList<ModelPack> packs = FXCollections.observableArrayList();
    private final ObservableList<Choice<DeviceSpec>> devices = FXCollections.observableArrayList(AUTO, CPU);
    private final ObjectProperty<ModelPack> pack = new SimpleObjectProperty<>();
    private final ObjectProperty<Choice<DeviceSpec>> device = new SimpleObjectProperty<>(AUTO);
    private final ObjectProperty<Choice<Integer>> tile = new SimpleObjectProperty<>(TILES.get(0));
    private final ObjectProperty<Choice<Integer>> vaeTile = new SimpleObjectProperty<>(VAE_TILES.get(0));
    private final ObjectProperty<Choice<Integer>> memory = new SimpleObjectProperty<>(MEMORY.get(0));
    private final ObjectProperty<Choice<ColorFix>> colorFix = new SimpleObjectProperty<>(COLOR_FIXES.get(0));
    private final ObjectProperty<Choice<VaeStatisticsMode>> vaeStatistics =
            new SimpleObjectProperty<>(VAE_STATISTICS.get(0));
    private final ObjectProperty<Path> outputDir = new SimpleObjectProperty<>();
    private final ObjectProperty<Choice<ImageFormat>> format = new SimpleObjectProperty<>(FORMATS.get(0));
    private final DoubleProperty quality = new SimpleDoubleProperty(UiSettings.DEFAULTS.jpegQuality());
    private final BooleanProperty keepMetadata = new SimpleBooleanProperty(true);
    private final BooleanProperty modelInName = new SimpleBooleanProperty(false);
    private final Map<String, Double> speeds = new HashMap<>();
    private final SettingsStore store;
    private final PackCatalog catalog;
    private UiSettings.WindowPlace window;
    private Path lastFolder;
    private DeviceSpec savedDevice;

    public SettingsViewModel(PackCatalog catalog, SettingsStore store) {
        this.store = store;
        this.catalog = catalog;
        packs.setAll(catalog.packs());
        apply(UiSettings.from(store.load()));
        for (Observable o : List.of(pack, device, tile, vaeTile, memory, colorFix, vaeStatistics, outputDir, format, quality,
                keepMetadata, modelInName)) {
            o.addListener(x -> persist());
        }
        // A choice box whose list is replaced clears its value for a moment: the device never stays unset.
        device.addListener((o, a, b) -> {
            if (b == null) {
                device.set(a != null ? a : AUTO);
            }
        });
    }

    private void apply(UiSettings s) {
        pack.set(packs.stream().filter(m -> m.id().equals(s.pack())).findFirst().orElse(catalog.defaultPack()));
        savedDevice = s.device();
        device.set(deviceChoice(s.device()));
        tile.set(find(TILES, s.tile()));
        vaeTile.set(find(VAE_TILES, s.vaeTile()));
        memory.set(find(MEMORY, s.memoryMb()));
        colorFix.set(find(COLOR_FIXES, s.colorFix()));
        vaeStatistics.set(find(VAE_STATISTICS, s.vaeStatistics()));
        outputDir.set(s.outputDir());
        format.set(find(FORMATS, s.format()));
        quality.set(s.jpegQuality());
        keepMetadata.set(s.keepMetadata());
        modelInName.set(s.modelInName());
        window = s.window();
        lastFolder = s.lastFolder();
        speeds.putAll(s.speeds());
    }

    /**
     * The CUDA devices the runtime can use (from the engine, on the engine thread). A saved device that is not
     * among them stays selectable, so a GPU briefly missing does not lose the choice. FX thread.
     */
    public void setCudaDevices(List<Integer> indexes) {
        List<Choice<DeviceSpec>> list = new ArrayList<>(List.of(AUTO, CPU));
        for (int i : indexes) {
            list.add(cuda(i));
        }
        DeviceSpec want = device.get().value().kind() == DeviceKind.CUDA ? device.get().value() : savedDevice;
        if (want != null && want.kind() == DeviceKind.CUDA && list.stream().noneMatch(c -> c.value().equals(want))) {
            list.add(new Choice<>(want, "NVIDIA GPU " + want.index() + " (not found now)"));
        }
        Choice<DeviceSpec> keep = device.get();
        Choice<DeviceSpec> next = list.stream().filter(c -> c.value().equals(keep.value())).findFirst().orElse(AUTO);
        devices.setAll(list);
        device.set(next);
    }

    private Choice<DeviceSpec> deviceChoice(DeviceSpec d) {
        if (d.kind() == DeviceKind.CUDA) {
            Choice<DeviceSpec> c = new Choice<>(d, "NVIDIA GPU " + d.index());
            devices.add(c);
            return c;
        }
        return d.kind() == DeviceKind.CPU ? CPU : AUTO;
    }

    private static Choice<DeviceSpec> cuda(int n) {
        return new Choice<>(new DeviceSpec(DeviceKind.CUDA, n), "NVIDIA GPU " + n + " (CUDA " + n + ")");
    }

    private static <T> Choice<T> find(List<Choice<T>> list, T value) {
        return list.stream().filter(c -> Objects.equals(c.value(), value)).findFirst().orElse(list.get(0));
    }

    /** The settings as one record. */
    public UiSettings current() {
        ModelPack p = pack.get();
        return new UiSettings(p == null ? "" : p.id(), device.get().value(), tile.get().value(),
                vaeTile.get().value(), memory.get().value(), colorFix.get().value(), vaeStatistics.get().value(),
                outputDir.get(),
                format.get().value(), (float) quality.get(), keepMetadata.get(), modelInName.get(), window,
                lastFolder, speeds);
    }

    private void persist() {
        if (device.get() == null) {
            return; // mid-change (see above)
        }
        store.saveLater(current().toProperties());
    }

    /** How the engine should run the selected pack. */
    public UpscaleOptions upscaleOptions() {
        return new UpscaleOptions(device.get().value(), tile.get().value(), vaeTile.get().value(),
                memory.get().value() * 1024L * 1024L, colorFix.get().value(), vaeStatistics.get().value());
    }

    /** Settings for the jobs of the queue; {@code dir} overrides the output folder (null: the setting). */
    public JobSettings jobSettings(Path dir) {
        return new JobSettings(dir != null ? dir : outputDir.get(), format.get().value(), (float) quality.get(),
                ImageFiles.DEFAULT_MAX_PIXELS, false, keepMetadata.get(), false).withModelInName(modelInName.get());
    }

    public JobSettings jobSettings() {
        return jobSettings(null);
    }

    /** The selected pack's own colour fix, for "The pack's own (…)". */
    public String packColorFix() {
        ModelPack p = pack.get();
        return p == null || p.manifest().colorFix() == null ? "none" : p.manifest().colorFix().key();
    }

    /** The name people read for a pack id (the manifest's name), or the id if the pack is gone. */
    public String packName(String id) {
        return packs.stream().filter(p -> p.id().equals(id)).map(p -> p.manifest().name()).findFirst().orElse(id);
    }

    /** Measured seconds per output megapixel for pack and device ("cuda:0", "cpu"), or -1 if never measured. */
    public double secondsPerMegapixel(String packId, String device) {
        return speeds.getOrDefault(packId + "@" + device, -1.0);
    }

    /** Keeps a measured speed (smoothed with the earlier ones) for later estimates. */
    public void recordSpeed(String packId, String device, double secondsPerMegapixel) {
        if (secondsPerMegapixel > 0 && Double.isFinite(secondsPerMegapixel)) {
            speeds.merge(packId + "@" + device, secondsPerMegapixel, (a, b) -> 0.5 * a + 0.5 * b);
            persist();
        }
    }

    /** Where the window was, or null. */
    public UiSettings.WindowPlace window() {
        return window;
    }

    public void setWindow(UiSettings.WindowPlace w) {
        window = w;
        persist();
    }

    /** The last folder a file dialog was in (null: none yet). */
    public Path lastFolder() {
        return lastFolder;
    }

    public void setLastFolder(Path dir) {
        lastFolder = dir;
        persist();
    }

    public ObservableList<ModelPack> packs() { return packs; }
    public ObservableList<Choice<DeviceSpec>> devices() { return devices; }
    public ObjectProperty<ModelPack> packProperty() { return pack; }
    public ObjectProperty<Choice<DeviceSpec>> deviceProperty() { return device; }
    public ObjectProperty<Choice<Integer>> tileProperty() { return tile; }
    public ObjectProperty<Choice<Integer>> vaeTileProperty() { return vaeTile; }
    public ObjectProperty<Choice<Integer>> memoryProperty() { return memory; }
    public ObjectProperty<Choice<ColorFix>> colorFixProperty() { return colorFix; }
    public ObjectProperty<Choice<VaeStatisticsMode>> vaeStatisticsProperty() { return vaeStatistics; }
    public ObjectProperty<Path> outputDirProperty() { return outputDir; }
    public ObjectProperty<Choice<ImageFormat>> formatProperty() { return format; }
    public DoubleProperty qualityProperty() { return quality; }
    public BooleanProperty keepMetadataProperty() { return keepMetadata; }
    public BooleanProperty modelInNameProperty() { return modelInName; }
    public SettingsStore store() { return store; }
}
