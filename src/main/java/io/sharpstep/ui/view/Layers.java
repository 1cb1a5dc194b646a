package io.sharpstep.ui.view;

import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.ResultImage;
import io.sharpstep.ui.model.SourceImage;
import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.viewer.Layer;
import io.sharpstep.ui.viewer.Raster;
import io.sharpstep.ui.work.ImageLoader;

/**
 * Which pixels each side of the viewer shows for a photo: the chosen "before" (original pixels repeated ×4,
 * bicubic ×4, or another pack's result) and the "after" (the shown result; where it has no pixels yet, the
 * original at half brightness).
 */
final class Layers {
    static final int DEFAULT_SCALE = 4;

    final Layer before;
    final Layer after;
    final String beforeLabel;
    final String afterLabel;
    final int scale;

    private Layers(Layer before, Layer after, String beforeLabel, String afterLabel, int scale) {
        this.before = before;
        this.after = after;
        this.beforeLabel = beforeLabel;
        this.afterLabel = afterLabel;
        this.scale = scale;
    }

    /** Null when there is nothing to show yet (no photo, or still decoding). */
    static Layers of(QueueItem item, ViewerViewModel vm, ImageLoader loader) {
        SourceImage src = item == null ? null : item.sourceProperty().get();
        if (src == null) {
            return null;
        }
        ResultImage shown = item.shownResult();
        int scale = shown != null ? Math.max(1, shown.display().width() / src.display().width()) : DEFAULT_SCALE;
        Layer nearest = Layer.nearest(src.display(), scale);
        Layer before = nearest;
        String beforeLabel = ViewerViewModel.Before.ORIGINAL.toString();
        switch (vm.beforeProperty().get()) {
            case BICUBIC -> {
                Raster b = item.bicubicProperty().get();
                if (b != null && b.width() == nearest.width()) {
                    before = Layer.of(b);
                    beforeLabel = "Bicubic ×" + scale;
                } else {
                    loader.bicubic(item, scale);
                    beforeLabel = "Bicubic ×" + scale + " (preparing…)";
                }
            }
            case MODEL -> {
                ResultImage other = item.results().get(vm.beforeModelProperty().get());
                if (other != null && other.display().width() == nearest.width()) {
                    before = Layer.over(Layer.of(other.display()), nearest);
                    beforeLabel = other.packId() + (other.complete() ? "" : " (partial)");
                }
            }
            default -> { }
        }
        Layer after;
        String afterLabel;
        if (shown != null) {
            after = Layer.over(Layer.of(shown.display()), nearest);
            afterLabel = shown.packId() + (shown.complete() ? "" : shown.region() != null ? " (region preview)"
                    : " (in progress)");
        } else {
            after = Layer.dimmed(nearest);
            afterLabel = "Not enhanced yet";
        }
        return new Layers(before, after, beforeLabel, afterLabel, scale);
    }
}
