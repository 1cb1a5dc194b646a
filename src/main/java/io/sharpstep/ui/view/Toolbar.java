package io.sharpstep.ui.view;

import io.sharpstep.ui.model.Choice;
import io.sharpstep.ui.model.QueueItem;
import io.sharpstep.ui.model.Services;
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
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitMenuButton;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.controlsfx.control.SegmentedButton;

/**
 * The window's tool bar: adding photos, starting and stopping, view mode, the "before" choice, zoom, region
 * preview, saving. Laid out to fit a 1280-pixel-wide window without anything moving into the overflow menu.
 */
public final class Toolbar {
    private Toolbar() {
    }

    public static ToolBar create(Services s, Actions actions) {
        ViewerViewModel vm = s.viewer();
        SplitMenuButton add = new SplitMenuButton();
        add.setText("Add photos…");
        add.setId("addButton");
        add.setTooltip(new Tooltip("Add photos (Ctrl+O); the arrow adds a whole folder or pastes"));
        add.setOnAction(e -> actions.open());
        MenuItem folder = new MenuItem("Add a folder…");
        folder.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN));
        folder.setOnAction(e -> actions.openFolder());
        MenuItem paste = new MenuItem("Paste image or files");
        paste.setAccelerator(new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN));
        paste.setOnAction(e -> actions.paste());
        add.getItems().addAll(folder, paste);
        add.setFocusTraversable(false);

        Button start = button("Start", "Enhance every waiting photo, cancelled ones too (Ctrl+Enter)",
                () -> s.queue().start());
        start.setId("startButton");
        start.getStyleClass().add("accent");
        start.disableProperty().bind(s.queue().canStartProperty().not());
        Button cancel = button("Cancel", "Stop the running photo (Esc)", () -> s.queue().cancelCurrent());
        cancel.setId("cancelButton");
        cancel.disableProperty().bind(s.queue().runningProperty().not());
        Button cancelAll = button("Cancel all", "Stop the running photo and every waiting one",
                () -> s.queue().cancelAll());
        cancelAll.setId("cancelAllButton");
        cancelAll.disableProperty().bind(s.queue().runningProperty().not());

        ToggleButton split = new ToggleButton("Split");
        split.setId("splitMode");
        split.setTooltip(new Tooltip("Before and after in one view, with a divider to drag"));
        ToggleButton side = new ToggleButton("Side by side");
        side.setId("sideMode");
        side.setTooltip(new Tooltip("Before on the left, after on the right"));
        SegmentedButton mode = new SegmentedButton(split, side);
        mode.getStyleClass().add("mode-buttons");
        split.setSelected(vm.modeProperty().get() == Mode.SPLIT);
        side.setSelected(vm.modeProperty().get() == Mode.SIDE_BY_SIDE);
        split.setOnAction(e -> { vm.modeProperty().set(Mode.SPLIT); split.setSelected(true); });
        side.setOnAction(e -> { vm.modeProperty().set(Mode.SIDE_BY_SIDE); side.setSelected(true); });
        vm.modeProperty().addListener((o, a, b) -> {
            split.setSelected(b == Mode.SPLIT);
            side.setSelected(b == Mode.SIDE_BY_SIDE);
        });

        ComboBox<Choice<String>> before = beforeChoice(s);
        Button fit = button("Fit", "The whole photo (0)", vm::zoomToFit);
        Button z100 = button("100%", "One result pixel per screen pixel (1)", () -> vm.zoomTo(1));
        Button z200 = button("200%", "Each result pixel as 2×2 screen pixels (2)", () -> vm.zoomTo(2));
        Button z400 = button("400%", "Each result pixel as 4×4 screen pixels (4)", () -> vm.zoomTo(4));
        for (Button b : new Button[] {fit, z100, z200, z400}) {
            b.getStyleClass().add("zoom-button");
        }
        Label zoom = new Label();
        zoom.setId("zoomLabel");
        zoom.getStyleClass().add("zoom-label");
        zoom.textProperty().bind(Bindings.createStringBinding(vm::zoomLabel, vm.zoomProperty(), vm.fitProperty()));
        ToggleButton region = new ToggleButton("Region");
        region.setId("regionToggle");
        region.setTooltip(new Tooltip("Drag a rectangle to enhance just that part first (R; or Shift-drag any time)"));
        region.selectedProperty().bindBidirectional(vm.regionModeProperty());
        SplitMenuButton save = new SplitMenuButton();
        save.setText("Save as…");
        save.setId("saveAsButton");
        save.setTooltip(new Tooltip("Save the shown result elsewhere or in another format (Ctrl+S); the arrow copies"
                + " every finished result into a folder"));
        save.setOnAction(e -> actions.saveAs());
        save.setFocusTraversable(false);
        MenuItem saveAll = new MenuItem("Save all finished results…");
        saveAll.setId("saveAllItem");
        saveAll.setOnAction(e -> actions.saveAll());
        save.getItems().add(saveAll);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);

        ToolBar bar = new ToolBar(add, new Separator(), start, cancel, cancelAll, new Separator(), mode, before,
                new Separator(), fit, z100, z200, z400, zoom, new Separator(), region, grow, save);
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

    /** Before: Original / Bicubic / each other pack that has a result for the selected photo. */
    private static ComboBox<Choice<String>> beforeChoice(Services s) {
        ViewerViewModel vm = s.viewer();
        Choice<String> original = new Choice<>("original", "Before: original");
        Choice<String> bicubic = new Choice<>("bicubic", "Before: bicubic");
        ObservableList<Choice<String>> items = FXCollections.observableArrayList(original, bicubic);
        ComboBox<Choice<String>> box = new ComboBox<>(items);
        box.setId("beforeChoice");
        box.setTooltip(new Tooltip("What the left side shows: the photo's own pixels, a plain bicubic enlargement,"
                + " or another model's result"));
        box.setValue(original);
        box.setFocusTraversable(false);
        Runnable refresh = () -> {
            Choice<String> keep = box.getValue();
            QueueItem item = s.queue().selectedProperty().get();
            items.setAll(original, bicubic);
            if (item != null) {
                item.outputs().keySet().stream().filter(id -> !id.equals(item.shownPackProperty().get())).sorted()
                        .forEach(id -> items.add(new Choice<>("pack:" + id, "Before: "
                                + s.settings().packName(id))));
            }
            box.setValue(items.stream().filter(c -> keep != null && c.value().equals(keep.value())).findFirst()
                    .orElse(original));
        };
        MapChangeListener<String, Object> onOutputs = c -> refresh.run();
        s.queue().selectedProperty().addListener((o, a, b) -> {
            if (a != null) {
                a.outputs().removeListener(onOutputs);
            }
            if (b != null) {
                b.outputs().addListener(onOutputs);
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
