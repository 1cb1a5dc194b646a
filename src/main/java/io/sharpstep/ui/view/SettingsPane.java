package io.sharpstep.ui.view;

import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackKind;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.ui.model.Choice;
import io.sharpstep.ui.model.SettingsViewModel;
import io.sharpstep.ui.model.StatusModel;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;

import java.io.File;
import java.util.List;

/** Model pack, device, tile size, colour fix and output settings. Changes are saved at once. */
public final class SettingsPane extends ScrollPane {
    private final GridPane grid = new GridPane();
    private int row;

    public SettingsPane(SettingsViewModel s, StatusModel status) {
        getStyleClass().add("settings-pane");
        setFitToWidth(true);
        grid.getStyleClass().add("settings-grid");
        grid.setHgap(8);
        grid.setVgap(8);

        ComboBox<ModelPack> pack = new ComboBox<>(s.packs());
        pack.setId("packChoice");
        pack.valueProperty().bindBidirectional(s.packProperty());
        pack.setCellFactory(v -> new PackCell());
        pack.setButtonCell(new PackCell());
        pack.setMaxWidth(Double.MAX_VALUE);
        Label about = wrapLabel("pack-about");
        about.textProperty().bind(Bindings.createStringBinding(() -> describe(s.packProperty().get()), s.packProperty()));
        section("Model");
        add("Model pack", pack);
        grid.add(about, 0, row++, 2, 1);
        Button getModel = new Button("Get the diffusion model…");
        getModel.setId("getDiffusionModel");
        getModel.setOnAction(e -> InstallDialog.open(getScene().getWindow(), p -> {
            s.packs().add(p);
            s.packProperty().set(p);
        }));
        Label noDiffusion = wrapLabel("settings-note");
        noDiffusion.setText("No diffusion model is installed yet: SharpStep can build it from the public files.");
        noDiffusion.visibleProperty().bind(Bindings.createBooleanBinding(() -> s.packs().stream()
                .noneMatch(p -> p.manifest().kind() == PackKind.ONE_STEP_LATENT), s.packs()));
        noDiffusion.managedProperty().bind(noDiffusion.visibleProperty());
        grid.add(noDiffusion, 0, row++, 2, 1);
        grid.add(getModel, 0, row++, 2, 1);

        section("Device");
        ComboBox<Choice<io.sharpstep.core.DeviceSpec>> device = combo("deviceChoice", SettingsViewModel.DEVICES,
                s.deviceProperty());
        device.setTooltip(new Tooltip("Auto uses CUDA when it can, else the CPU; the line below says which is in use"
                + " and why"));
        add("Run on", device);
        Label inUse = wrapLabel("device-in-use");
        inUse.textProperty().bind(Bindings.createStringBinding(() -> status.deviceProperty().get()
                .replaceFirst("^Device: ", "In use: "), status.deviceProperty()));
        grid.add(inUse, 0, row++, 2, 1);
        add("Tile size", combo("tileChoice", SettingsViewModel.TILES, s.tileProperty()));
        ComboBox<Choice<io.sharpstep.core.ColorFix>> fix = combo("colorFixChoice", SettingsViewModel.COLOR_FIXES,
                s.colorFixProperty());
        fix.setTooltip(new Tooltip("Matches the result's colours to the photo's; Pack default uses the pack's own"));
        add("Colour fix", fix);

        section("Output");
        Label dir = wrapLabel("output-dir");
        dir.textProperty().bind(Bindings.createStringBinding(() -> s.outputDirProperty().get() == null
                ? "Beside each photo" : s.outputDirProperty().get().toString(), s.outputDirProperty()));
        Button browse = new Button("Choose…");
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder for enhanced photos");
            if (s.outputDirProperty().get() != null && s.outputDirProperty().get().toFile().isDirectory()) {
                dc.setInitialDirectory(s.outputDirProperty().get().toFile());
            }
            File f = dc.showDialog(getScene().getWindow());
            if (f != null) {
                s.outputDirProperty().set(f.toPath());
            }
        });
        Button beside = new Button("Beside each photo");
        beside.setOnAction(e -> s.outputDirProperty().set(null));
        add("Folder", dir);
        HBox dirButtons = new HBox(6, browse, beside);
        dirButtons.setAlignment(javafx.geometry.Pos.CENTER_RIGHT);
        grid.add(dirButtons, 0, row++, 2, 1);
        ComboBox<Choice<ImageFormat>> format = combo("formatChoice", SettingsViewModel.FORMATS, s.formatProperty());
        add("Format", format);
        Slider quality = new Slider(0.5, 1.0, s.qualityProperty().get());
        quality.valueProperty().bindBidirectional(s.qualityProperty());
        Label q = new Label();
        q.textProperty().bind(Bindings.format("%.0f", s.qualityProperty().multiply(100)));
        HBox qBox = new HBox(6, quality, q);
        HBox.setHgrow(quality, Priority.ALWAYS);
        qBox.disableProperty().bind(Bindings.createBooleanBinding(() -> s.formatProperty().get().value() != null
                && s.formatProperty().get().value() != ImageFormat.JPEG, s.formatProperty()));
        add("JPEG quality", qBox);
        CheckBox meta = new CheckBox("Keep colour profile and metadata");
        meta.selectedProperty().bindBidirectional(s.keepMetadataProperty());
        meta.setTooltip(new Tooltip("Used by Save as…; queue jobs always keep the photo's colour profile"));
        grid.add(meta, 0, row++, 2, 1);
        Label note = wrapLabel("settings-note");
        note.setText("Results are written when each photo finishes, under a new name (photo_x4.png, then "
                + "photo_x4 (2).png…); nothing is ever overwritten.");
        grid.add(note, 0, row++, 2, 1);
        grid.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(90),
                new javafx.scene.layout.ColumnConstraints(150, 220, Double.MAX_VALUE, Priority.ALWAYS, null, true));
        setContent(grid);
    }

    private static String describe(ModelPack p) {
        if (p == null) {
            return "";
        }
        var m = p.manifest();
        String kind = switch (m.kind()) {
            case ONE_STEP_LATENT -> "one-step diffusion";
            case DIRECT -> "direct (one network)";
            case BICUBIC -> "built in";
        };
        return m.name() + "\n" + kind + " · ×" + m.scale()
                + (m.kind() == PackKind.BICUBIC ? "" : " · " + m.precision().key()) + "\n" + m.description();
    }

    private static <T> ComboBox<Choice<T>> combo(String id, List<Choice<T>> items,
                                                 javafx.beans.property.ObjectProperty<Choice<T>> value) {
        ComboBox<Choice<T>> c = new ComboBox<>(FXCollections.observableArrayList(items));
        c.setId(id);
        c.valueProperty().bindBidirectional(value);
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }

    private static Label wrapLabel(String style) {
        Label l = new Label();
        l.setWrapText(true);
        l.getStyleClass().add(style);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    private void section(String title) {
        Label l = new Label(title);
        l.getStyleClass().add("section-title");
        grid.add(l, 0, row++, 2, 1);
    }

    private void add(String label, javafx.scene.Node control) {
        Label l = new Label(label);
        l.getStyleClass().add("field-label");
        grid.add(l, 0, row);
        grid.add(control, 1, row++);
    }

    /** Shows a pack as "id — name". */
    private static final class PackCell extends ListCell<ModelPack> {
        @Override
        protected void updateItem(ModelPack p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.id() + " — " + p.manifest().name());
        }
    }
}
