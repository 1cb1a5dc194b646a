package io.sharpstep.ui;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceKind;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.ui.model.SettingsStore;
import io.sharpstep.ui.model.SettingsViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Settings persist between runs, without a window. */
class SettingsViewModelTest {
    @Test
    void settingsSurviveARestart(@TempDir Path dir) {
        SettingsStore store = new SettingsStore(dir.resolve("cfg/ui.properties"));
        PackCatalog catalog = new PackCatalog(List.of());
        SettingsViewModel a = new SettingsViewModel(catalog, store);
        a.deviceProperty().set(SettingsViewModel.DEVICES.get(3)); // CUDA 1
        a.tileProperty().set(SettingsViewModel.TILES.get(3));
        a.colorFixProperty().set(SettingsViewModel.COLOR_FIXES.get(2));
        a.formatProperty().set(SettingsViewModel.FORMATS.get(2));
        a.outputDirProperty().set(dir.resolve("out"));
        a.qualityProperty().set(0.8);
        a.keepMetadataProperty().set(false);

        SettingsViewModel b = new SettingsViewModel(catalog, store);
        assertEquals(DeviceKind.CUDA, b.upscaleOptions().device().kind());
        assertEquals(1, b.upscaleOptions().device().index());
        assertEquals(512, b.upscaleOptions().tile());
        assertEquals(ColorFix.WAVELET, b.upscaleOptions().colorFix());
        assertEquals(ImageFormat.JPEG, b.jobSettings().format());
        assertEquals(dir.resolve("out"), b.jobSettings().outputDir());
        assertEquals(0.8f, b.jobSettings().jpegQuality(), 1e-6);
        assertFalse(b.keepMetadataProperty().get());
        assertEquals("bicubic", b.packProperty().get().id());
    }

    @Test
    void aDamagedFileGivesDefaults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ui.properties");
        java.nio.file.Files.writeString(f, "device=warp-drive\ntile=banana\nquality=x\n");
        SettingsViewModel s = new SettingsViewModel(new PackCatalog(List.of()), new SettingsStore(f));
        assertEquals(DeviceKind.AUTO, s.upscaleOptions().device().kind());
        assertEquals(0, s.upscaleOptions().tile());
        assertNull(s.upscaleOptions().colorFix());
        assertEquals(0.92, s.qualityProperty().get(), 1e-9);
    }
}
