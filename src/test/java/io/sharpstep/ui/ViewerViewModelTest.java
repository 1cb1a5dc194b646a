package io.sharpstep.ui;

import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.viewer.ViewRenderer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zoom and pan arithmetic, without a window. */
class ViewerViewModelTest {
    @Test
    void fitShowsTheWholeImageCentred() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.setViewport(800, 600);
        vm.setImageSize(4000, 2000);
        assertTrue(vm.fitProperty().get());
        assertEquals(0.2, vm.zoomProperty().get(), 1e-9);
        assertEquals(2000, vm.centerXProperty().get(), 1e-9);
        assertEquals("Fit (20 %)", vm.zoomLabel());
        vm.setViewport(400, 600); // a resized window refits while in fit mode
        assertEquals(0.1, vm.zoomProperty().get(), 1e-9);
    }

    @Test
    void wheelZoomKeepsThePointUnderTheCursor() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.setViewport(800, 600);
        vm.setImageSize(4000, 2000);
        double before = ViewRenderer.imageX(123, 800, vm.zoomProperty().get(), vm.centerXProperty().get());
        double beforeY = ViewRenderer.imageY(456, 600, vm.zoomProperty().get(), vm.centerYProperty().get());
        vm.zoomAbout(3.7, 123, 456);
        assertFalse(vm.fitProperty().get());
        assertEquals(0.74, vm.zoomProperty().get(), 1e-9);
        assertEquals(before, ViewRenderer.imageX(123, 800, vm.zoomProperty().get(), vm.centerXProperty().get()), 1e-6);
        assertEquals(beforeY, ViewRenderer.imageY(456, 600, vm.zoomProperty().get(), vm.centerYProperty().get()), 1e-6);
    }

    @Test
    void stepsAndPan() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.setViewport(800, 600);
        vm.setImageSize(4000, 2000);
        vm.zoomTo(1);
        vm.step(1);
        assertEquals(1.5, vm.zoomProperty().get(), 1e-9);
        vm.step(-1);
        vm.step(-1);
        assertEquals(2 / 3.0, vm.zoomProperty().get(), 1e-9);
        double cx = vm.centerXProperty().get();
        vm.pan(30, 0);
        assertEquals(cx - 45, vm.centerXProperty().get(), 1e-9);
        vm.setDivider(1.4);
        assertEquals(1, vm.dividerProperty().get());
    }
}
