package io.sharpstep.ui.view;

import io.sharpstep.ui.Services;
import io.sharpstep.ui.model.Choice;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.ViewerViewModel;
import io.sharpstep.ui.model.ViewerViewModel.Before;
import io.sharpstep.ui.model.ViewerViewModel.Mode;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.SegmentedButton;

/** The window's tool bar: queue commands, view mode, the "before" choice, zoom, region preview, save. */
public final class Toolbar {
    private Toolbar() {
    }

    public static ToolBar create(Services s, Actions actions) {
        ViewerViewModel vm = s.viewer();
        Button open = button("Open…", "Add photos or folders (Ctrl+O)", actions::open);
        Button paste = button("Paste", "Queue the image or files on the clipboard (Ctrl+V)", actions::paste);
        Button start = button("Start", "Enhance every waiting photo", () -> s.queue().start());
        start.setId("startButton");
        start.getStyleClass().add("accent");
        Button cancel = button("Cancel", "Stop the running photo (Esc)", () -> s.queue().cancelCurrent());
        cancel.setId("cancelButton");
        cancel.disableProperty().bind(s.queue().runningProperty().not());
        Button cancelAll = button("Cancel all", "Stop the running photo and every waiting one",
                () -> s.queue().cancelAll());
        cancelAll.disableProperty().bind(s.queue().runningProperty().not());

        ToggleButton split = new ToggleButton("Split");
        split.setId("splitMode");
        ToggleButton side = new ToggleButton("Side by side");
        side.setId("sideMode");
        SegmentedButton mode = new SegmentedButton(split, side);
        split.setSelected(vm.modeProperty().get() == Mode.SPLIT);
        side.setSelected(vm.modeProperty().get() == Mode.SIDE_BY_SIDE);
        split.setOnAction(e -> { vm.modeProperty().set(Mode.SPLIT); split.setSelected(true); });
        side.setOnAction(e -> { vm.modeProperty().set(Mode.SIDE_BY_SIDE); side.setSelected(true); });
        vm.modeProperty().addListener((o, a, b) -> {
            split.setSelected(b == Mode.SPLIT);
            side.setSelected(b == Mode.SIDE_BY_SIDE);
        });

        ComboBox<Choice<String>> before = beforeChoice(s);
        Button fit = button("Fit", "Whole photo (0)", vm::zoomToFit);
        Button z100 = button("100%", "One result pixel per screen pixel (1)", () -> vm.zoomTo(1));
        Button z200 = button("200%", "(2)", () -> vm.zoomTo(2));
        Button z400 = button("400%", "(4)", () -> vm.zoomTo(4));
        Label zoom = new Label();
        zoom.setId("zoomLabel");
        zoom.getStyleClass().add("zoom-label");
        zoom.textProperty().bind(Bindings.createStringBinding(vm::zoomLabel, vm.zoomProperty(), vm.fitProperty()));
        ToggleButton region = new ToggleButton("Rect");
        region.setId("regionToggle");
        region.setTooltip(new Tooltip("Drag a rectangle to enhance just that part (or Shift-drag any time)"));
        region.selectedProperty().bindBidirectional(vm.regionModeProperty());
        Button save = button("Save as…", "Save the shown result elsewhere or in another format (Ctrl+S)",
                actions::saveAs);
        Button saveAll = button("Save all…", "Copy every finished result into a folder", actions::saveAll);

        ToolBar bar = new ToolBar(open, paste, new Separator(), start, cancel, cancelAll, new Separator(), mode,
                new Label("Before:"), before, new Separator(), fit, z100, z200, z400, zoom, new Separator(), region,
                new Separator(), save, saveAll);
        bar.getStyleClass().add("main-toolbar");
        return bar;
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    /** Original / Bicubic / each other pack that has a result for the selected photo. */
    private static ComboBox<Choice<String>> beforeChoice(Services s) {
        ViewerViewModel vm = s.viewer();
        Choice<String> original = new Choice<>("original", Before.ORIGINAL.toString());
        Choice<String> bicubic = new Choice<>("bicubic", Before.BICUBIC.toString());
        ObservableList<Choice<String>> items = FXCollections.observableArrayList(original, bicubic);
        ComboBox<Choice<String>> box = new ComboBox<>(items);
        box.setId("beforeChoice");
        box.setValue(original);
        box.setFocusTraversable(false);
        Runnable refresh = () -> {
            Choice<String> keep = box.getValue();
            QueueItem item = s.queue().selectedProperty().get();
            items.setAll(original, bicubic);
            if (item != null) {
                item.results().keySet().stream().filter(id -> !id.equals(item.shownPackProperty().get())).sorted()
                        .forEach(id -> items.add(new Choice<>("pack:" + id, "Result of " + id)));
            }
            box.setValue(items.stream().filter(c -> keep != null && c.value().equals(keep.value())).findFirst()
                    .orElse(original));
        };
        MapChangeListener<String, Object> onResults = c -> refresh.run();
        s.queue().selectedProperty().addListener((o, a, b) -> {
            if (a != null) {
                a.results().removeListener(onResults);
            }
            if (b != null) {
                b.results().addListener(onResults);
            }
            refresh.run();
        });
        box.valueProperty().addListener((o, a, c) -> {
            if (c == null) {
                return;
            }
            if (c.value().startsWith("pack:")) {
                vm.beforeModelProperty().set(c.value().substring(5));
                vm.beforeProperty().set(Before.MODEL);
            } else {
                vm.beforeProperty().set(c.value().equals("bicubic") ? Before.BICUBIC : Before.ORIGINAL);
            }
        });
        // The view model may be changed elsewhere (shortcuts, tools): the box follows it.
        vm.beforeProperty().addListener((o, a, b) -> {
            String want = b == Before.BICUBIC ? "bicubic" : b == Before.ORIGINAL ? "original"
                    : "pack:" + vm.beforeModelProperty().get();
            items.stream().filter(c -> c.value().equals(want) && c != box.getValue()).findFirst()
                    .ifPresent(box::setValue);
        });
        return box;
    }
}
