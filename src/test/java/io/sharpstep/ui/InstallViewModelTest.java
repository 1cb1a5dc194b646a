package io.sharpstep.ui;

import io.sharpstep.core.Precision;
import io.sharpstep.install.Downloader;
import io.sharpstep.install.InstallFixtures;
import io.sharpstep.install.Installer;
import io.sharpstep.install.LocalMirror;
import io.sharpstep.install.TestCatalogue;
import io.sharpstep.ui.model.InstallViewModel;
import io.sharpstep.ui.model.InstallViewModel.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The install view model without a window (work and "FX thread" run inline). */
class InstallViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void plansShowsLicencesAndReportsAFailureInOneSentence() throws Exception {
        try (LocalMirror mirror = new LocalMirror(InstallFixtures.SD.getParent())) {
            Installer installer = new Installer(TestCatalogue.of(List.of(mirror.base("wrong").resolve("sd21/")),
                    List.of(mirror.base("good").resolve("osediff.pkl"))), InstallFixtures.templates(),
                    Downloader.standard(), tmp.resolve("models"));
            List<Object> installed = new ArrayList<>();
            InstallViewModel vm = new InstallViewModel(installer, Runnable::run, Runnable::run, installed::add);
            assertEquals(4, vm.files().size());
            assertEquals("unet/diffusion_pytorch_model.fp16.safetensors", vm.files().get(0).path());
            vm.precisionProperty().set(Precision.FP32);
            assertEquals("unet/diffusion_pytorch_model.safetensors", vm.files().get(0).path());
            assertEquals(2, vm.licences().size());
            vm.addMirror("ftp://nope");
            assertEquals("'ftp://nope' is not a web address (https://…).", vm.messageProperty().get());
            vm.addMirror("https://mirror.example/sd21/");
            assertTrue(vm.files().get(0).source().startsWith("mirror.example (+1 mirrors)"), vm.files().get(0).source());
            vm.mirrors().clear();
            assertTrue(vm.summaryProperty().get().startsWith("To download: "), vm.summaryProperty().get());
            assertFalse(vm.canStartBinding().get());
            vm.start();
            assertEquals(State.READY, vm.stateProperty().get(), "nothing starts before the licences are accepted");
            vm.acceptedProperty().set(true);
            vm.start();
            assertEquals(State.FAILED, vm.stateProperty().get());
            assertTrue(vm.messageProperty().get().startsWith("Could not download unet/diffusion_pytorch_model."
                    + "safetensors from any of its 1 sources"), vm.messageProperty().get());
            assertTrue(vm.canStartBinding().get(), "a failed install can be tried again");
            assertTrue(installed.isEmpty());
        }
    }
}
