package io.sharpstep.ui;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.ui.model.SettingsViewModel;
import io.sharpstep.ui.model.UiSettings;
import io.sharpstep.ui.work.SettingsStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings persist between runs as one record, written off the calling thread, without a window. */
class SettingsViewModelTest {
    @Test
    void settingsSurviveARestart(@TempDir Path dir) {
        SettingsStore store = new SettingsStore(dir.resolve("cfg/ui.properties"));
        PackCatalog catalog = new PackCatalog(List.of());
        SettingsViewModel a = new SettingsViewModel(catalog, store);
        a.setCudaDevices(List.of(0, 1));
        a.deviceProperty().set(a.devices().get(3)); // CUDA 1
        a.tileProperty().set(SettingsViewModel.TILES.get(3));
        a.vaeTileProperty().set(SettingsViewModel.VAE_TILES.get(2));
        a.memoryProperty().set(SettingsViewModel.MEMORY.get(2));
        a.colorFixProperty().set(SettingsViewModel.COLOR_FIXES.get(1));
        a.vaeStatisticsProperty().set(SettingsViewModel.VAE_STATISTICS.get(1));
        a.formatProperty().set(SettingsViewModel.FORMATS.get(2));
        a.outputDirProperty().set(dir.resolve("out"));
        a.qualityProperty().set(0.8);
        a.keepMetadataProperty().set(false);
        a.modelInNameProperty().set(true);
        a.setWindow(new UiSettings.WindowPlace(10, 20, 1300, 800, true));
        a.recordSpeed("bicubic", "cpu", 0.25);
        store.flush();

        SettingsViewModel b = new SettingsViewModel(catalog, store);
        assertEquals(DeviceKind.CUDA, b.upscaleOptions().device().kind());
        assertEquals(1, b.upscaleOptions().device().index());
        assertEquals(512, b.upscaleOptions().tile());
        assertEquals(512, b.upscaleOptions().vaeTile());
        assertEquals(4096L << 20, b.upscaleOptions().memoryBudget());
        assertEquals(ColorFix.WAVELET, b.upscaleOptions().colorFix());
        assertEquals(VaeStatisticsMode.EXACT, b.upscaleOptions().vaeStatistics());
        assertEquals(ImageFormat.JPEG, b.jobSettings().format());
        assertEquals(dir.resolve("out"), b.jobSettings().outputDir());
        assertEquals(0.8f, b.jobSettings().jpegQuality(), 1e-6);
        assertTrue(b.jobSettings().modelInName());
        assertFalse(b.keepMetadataProperty().get());
        assertEquals("bicubic", b.packProperty().get().id());
        assertEquals(new UiSettings.WindowPlace(10, 20, 1300, 800, true), b.window());
        assertEquals(0.25, b.secondsPerMegapixel("bicubic", "cpu"), 1e-9);
        assertEquals(-1, b.secondsPerMegapixel("bicubic", "cuda:0"), 1e-9);
    }

    @Test
    void aSavedGpuThatIsGoneStaysSelectableAndTheListComesFromTheRuntime(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ui.properties");
        Files.writeString(f, "device=cuda:2\n");
        SettingsStore store = new SettingsStore(f);
        SettingsViewModel s = new SettingsViewModel(new PackCatalog(List.of()), store);
        s.setCudaDevices(List.of()); // what this machine's runtime reports
        assertEquals(3, s.devices().size(), "Auto, CPU and the saved GPU: " + s.devices());
        assertTrue(s.devices().get(2).label().contains("not found"), s.devices().get(2).label());
        assertEquals(2, s.upscaleOptions().device().index());
        s.setCudaDevices(List.of(0));
        assertEquals(DeviceKind.CUDA, s.devices().get(2).value().kind());
        store.close(); // its writer is done before the folder goes
    }

    @Test
    void aDamagedFileGivesDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ui.properties");
        Files.writeString(f, "device=warp-drive\ntile=banana\nvaeStatistics=psychic\n"
                + "quality=x\nwindow=1,2\nformat=gif\nmemoryMb=-5\n");
        SettingsStore store = new SettingsStore(f);
        SettingsViewModel s = new SettingsViewModel(new PackCatalog(List.of()), store);
        assertEquals(DeviceKind.AUTO, s.upscaleOptions().device().kind());
        assertEquals(0, s.upscaleOptions().tile());
        assertEquals(0, s.upscaleOptions().memoryBudget());
        assertNull(s.upscaleOptions().colorFix());
        assertEquals(VaeStatisticsMode.SHARED, s.upscaleOptions().vaeStatistics());
        assertNull(s.jobSettings().format());
        assertNull(s.window());
        assertEquals(UiSettings.DEFAULTS.jpegQuality(), s.qualityProperty().get(), 1e-6);
        store.close();
    }

    @Test
    void dragginTheQualitySliderWritesOffTheCallingThreadAndOnlyTheLatestValues(@TempDir Path dir)
            throws InterruptedException {
        SettingsStore store = new SettingsStore(dir.resolve("ui.properties"));
        SettingsViewModel s = new SettingsViewModel(new PackCatalog(List.of()), store);
        for (int i = 0; i <= 50; i++) {
            s.qualityProperty().set(0.5 + i / 100.0);
        }
        int now = store.writes();
        store.flush();
        assertTrue(now <= 2, "written while the slider moved: " + now);
        assertTrue(store.writes() <= 3, "writes in all: " + store.writes());
        assertEquals(1.0f, UiSettings.from(store.load()).jpegQuality(), 1e-6);

        // without a flush the change is written a moment later, on its own
        int before = store.writes();
        s.qualityProperty().set(0.6);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.writes() == before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(before + 1, store.writes());
        assertEquals(0.6f, UiSettings.from(store.load()).jpegQuality(), 1e-6);
    }

    @Test
    void aSettingsFileThatCannotBeWrittenIsLoggedNotFatal(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        SettingsStore store = new SettingsStore(blocker.resolve("ui.properties")); // its folder is a file
        SettingsViewModel s = new SettingsViewModel(new PackCatalog(List.of()), store);
        s.qualityProperty().set(0.7);
        store.flush();
        assertEquals(0, store.writes());
        assertEquals(0.7, s.qualityProperty().get(), 1e-9);
    }
}
