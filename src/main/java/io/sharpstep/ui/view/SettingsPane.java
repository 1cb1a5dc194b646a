package io.sharpstep.ui.view;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.engine.pack.LatentManifest;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackKind;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.ui.model.Choice;
import io.sharpstep.ui.model.SettingsViewModel;
import io.sharpstep.ui.model.StatusModel;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;

import java.io.File;

/**
 * Model, device, engine and output settings, each with one line in plain words saying what it does. Changes are
 * saved at once (off the FX thread).
 */
public final class SettingsPane extends ScrollPane {
    private final GridPane grid = new GridPane();
    private int row;

    public SettingsPane(SettingsViewModel s, StatusModel status) {
        getStyleClass().add("settings-pane");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        grid.getStyleClass().add("settings-grid");
        grid.setHgap(8);
        grid.setVgap(6);

        ComboBox<ModelPack> pack = new ComboBox<>(s.packs());
        pack.setId("packChoice");
        pack.valueProperty().bindBidirectional(s.packProperty());
        pack.setCellFactory(v -> new PackCell());
        pack.setButtonCell(new PackCell());
        pack.setMaxWidth(Double.MAX_VALUE);
        Tooltip packTip = new Tooltip();
        packTip.textProperty().bind(Bindings.createStringBinding(() -> s.packProperty().get() == null ? ""
                : s.packProperty().get().manifest().name(), s.packProperty()));
        pack.setTooltip(packTip);
        Label about = note("pack-about");
        about.setId("packAbout");
        about.textProperty().bind(Bindings.createStringBinding(() -> describe(s.packProperty().get()),
                s.packProperty()));
        section("Model");
        add("Model", pack);
        full(about);
        Button getModel = new Button("Get the diffusion model…");
        getModel.setId("getDiffusionModel");
        getModel.setOnAction(e -> InstallDialog.open(getScene().getWindow(), p -> {
            s.packs().add(p);
            s.packProperty().set(p);
        }));
        Label noDiffusion = note("settings-note");
        noDiffusion.setText("No diffusion model is installed yet: SharpStep can build it from the public files.");
        noDiffusion.visibleProperty().bind(Bindings.createBooleanBinding(() -> s.packs().stream()
                .noneMatch(p -> p.manifest().kind() == PackKind.ONE_STEP_LATENT), s.packs()));
        noDiffusion.managedProperty().bind(noDiffusion.visibleProperty());
        full(noDiffusion);
        full(getModel);

        section("Device");
        ComboBox<Choice<DeviceSpec>> device = new ComboBox<>(s.devices());
        device.setId("deviceChoice");
        device.valueProperty().bindBidirectional(s.deviceProperty());
        device.setMaxWidth(Double.MAX_VALUE);
        add("Run on", device);
        full(explain("Auto uses an NVIDIA GPU when one works, else the CPU."));
        Label inUse = note("device-in-use");
        inUse.textProperty().bind(Bindings.createStringBinding(() -> status.deviceProperty().get()
                .replaceFirst("^Device: ", "In use: "), status.deviceProperty()));
        full(inUse);

        section("Engine");
        add("Tile size", combo("tileChoice", FXCollections.observableArrayList(SettingsViewModel.TILES),
                s.tileProperty()));
        full(explain("How big a piece of the photo the model works on at a time. Larger pieces are a little faster"
                + " and need more memory; Auto lets the model choose."));
        ComboBox<Choice<ColorFix>> fix = combo("colorFixChoice",
                FXCollections.observableArrayList(SettingsViewModel.COLOR_FIXES), s.colorFixProperty());
        fix.setCellFactory(v -> new FixCell(s));
        fix.setButtonCell(new FixCell(s));
        s.packProperty().addListener((o, a, b) -> fix.setButtonCell(new FixCell(s)));
        add("Colour fix", fix);
        full(explain("Keeps the result's colours true to the photo (models can shift them slightly). Wavelet"
                + " keeps fine colour detail; AdaIN matches the overall tone."));
        ComboBox<Choice<Integer>> vae = combo("vaeTileChoice",
                FXCollections.observableArrayList(SettingsViewModel.VAE_TILES), s.vaeTileProperty());
        ComboBox<Choice<Integer>> memory = combo("memoryChoice",
                FXCollections.observableArrayList(SettingsViewModel.MEMORY), s.memoryProperty());
        add("VAE tile", vae);
        add("Memory", memory);
        Label engineNote = explain("");
        engineNote.textProperty().bind(Bindings.createStringBinding(() -> isLatent(s.packProperty().get())
                ? "For diffusion models: the piece size of the image encoder and decoder, and how much memory one"
                + " model run may use (Auto: 6 GB on a GPU, 4 GB on the CPU). Smaller values need less memory"
                + " and take longer."
                : "VAE tile and memory apply to diffusion models only; this model does not use them.",
                s.packProperty()));
        vae.disableProperty().bind(Bindings.createBooleanBinding(() -> !isLatent(s.packProperty().get()),
                s.packProperty()));
        memory.disableProperty().bind(vae.disableProperty());
        full(engineNote);
        ComboBox<Choice<VaeStatisticsMode>> stats = combo("vaeStatisticsChoice",
                FXCollections.observableArrayList(SettingsViewModel.VAE_STATISTICS), s.vaeStatisticsProperty());
        add("Seams", stats);
        Label statsNote = explain("");
        statsNote.textProperty().bind(Bindings.createStringBinding(() -> takesStatistics(s.packProperty().get())
                ? "When the encoder or decoder works in pieces: Shared gives every piece the whole photo's tone"
                + " and a view of the rest of it (one extra pass); Exact pools it over all pieces (several extra passes); Per piece lets"
                + " each piece find its own tone, which can show as faint tile edges."
                : "This model's image encoder and decoder do not take shared statistics; pieces always find their"
                + " own tone.", s.packProperty()));
        stats.disableProperty().bind(Bindings.createBooleanBinding(() -> !takesStatistics(s.packProperty().get()),
                s.packProperty()));
        full(statsNote);

        section("Output");
        Label dir = note("output-dir");
        dir.setId("outputDir");
        dir.textProperty().bind(Bindings.createStringBinding(() -> s.outputDirProperty().get() == null
                ? "Beside each photo (pasted images: Pictures/SharpStep)" : s.outputDirProperty().get().toString(),
                s.outputDirProperty()));
        Button browse = new Button("Choose…");
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder for enhanced photos");
            File start = s.outputDirProperty().get() != null ? s.outputDirProperty().get().toFile()
                    : s.lastFolder() == null ? null : s.lastFolder().toFile();
            if (start != null && start.isDirectory()) {
                dc.setInitialDirectory(start);
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
        full(dirButtons);
        add("Format", combo("formatChoice", FXCollections.observableArrayList(SettingsViewModel.FORMATS),
                s.formatProperty()));
        Slider quality = new Slider(0.5, 1.0, s.qualityProperty().get());
        quality.setId("qualitySlider");
        quality.setBlockIncrement(0.01);
        quality.setMajorTickUnit(0.1);
        quality.setMinorTickCount(9);
        quality.setSnapToTicks(true);
        quality.valueProperty().bindBidirectional(s.qualityProperty());
        Label q = new Label();
        q.setMinWidth(28);
        q.textProperty().bind(Bindings.format("%.0f", s.qualityProperty().multiply(100)));
        HBox qBox = new HBox(6, quality, q);
        HBox.setHgrow(quality, Priority.ALWAYS);
        qBox.disableProperty().bind(Bindings.createBooleanBinding(() -> s.formatProperty().get().value() != null
                && s.formatProperty().get().value() != ImageFormat.JPEG, s.formatProperty()));
        add("JPEG quality", qBox);
        CheckBox meta = new CheckBox("Keep camera data (EXIF, XMP, IPTC)");
        meta.setId("keepMetadata");
        meta.selectedProperty().bindBidirectional(s.keepMetadataProperty());
        meta.setTooltip(new Tooltip("The colour profile is always kept: the colours depend on it"));
        full(meta);
        CheckBox named = new CheckBox("Put the model's name in file names");
        named.setId("modelInName");
        named.selectedProperty().bindBidirectional(s.modelInNameProperty());
        Tooltip namedTip = new Tooltip();
        named.setTooltip(namedTip);
        full(named);
        Label notice = explain("");
        full(notice);
        // Examples with the selected model's own scale and id.
        Runnable examples = () -> {
            ModelPack p = s.packProperty().get();
            String x = "_x" + (p == null ? 4 : p.manifest().scale());
            namedTip.setText("photo" + x + "_" + (p == null ? "model" : p.id()) + ".png instead of photo" + x + ".png");
            notice.setText("Results are written when each photo finishes, under a new name (photo" + x + ".png, then "
                    + "photo" + x + " (2).png…); nothing is ever overwritten.");
        };
        s.packProperty().addListener(o -> examples.run());
        examples.run();
        grid.getColumnConstraints().addAll(new ColumnConstraints(0, 90, Double.MAX_VALUE, Priority.ALWAYS, null, true),
                new ColumnConstraints(0, 200, Double.MAX_VALUE, Priority.ALWAYS, null, true));
        setContent(grid);
    }

    private static boolean takesStatistics(ModelPack p) {
        return p != null && p.manifest() instanceof LatentManifest m
                && (m.latent().encoderStats() != null || m.latent().decoderStats() != null);
    }

    private static boolean isLatent(ModelPack p) {
        return p != null && p.manifest().kind() == PackKind.ONE_STEP_LATENT;
    }

    /** Name, kind, scale and precision in words, then the manifest's description. */
    static String describe(ModelPack p) {
        if (p == null) {
            return "No model pack installed.";
        }
        var m = p.manifest();
        String kind = switch (m.kind()) {
            case ONE_STEP_LATENT -> "one-step diffusion";
            case DIRECT -> "one network";
            case BICUBIC -> "built in, no model";
        };
        String precision = m.kind() == PackKind.BICUBIC ? "" : switch (m.precision()) {
            case FP16 -> " · half precision (fast on GPUs)";
            default -> " · full precision";
        };
        return m.name() + "\n" + kind + " · enlarges ×" + m.scale() + precision + "\n" + m.description();
    }

    private static <T> ComboBox<Choice<T>> combo(String id, ObservableList<Choice<T>> items,
                                                 ObjectProperty<Choice<T>> value) {
        ComboBox<Choice<T>> c = new ComboBox<>(items);
        c.setId(id);
        c.valueProperty().bindBidirectional(value);
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }

    private static Label note(String style) {
        Label l = new Label();
        l.setWrapText(true);
        l.getStyleClass().add(style);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinHeight(Label.USE_PREF_SIZE);
        return l;
    }

    private static Label explain(String text) {
        Label l = note("settings-note");
        l.setText(text);
        return l;
    }

    private void section(String title) {
        Label l = new Label(title);
        l.getStyleClass().add("section-title");
        grid.add(l, 0, row++, 2, 1);
    }

    /** A field: its name above it, the control the pane's whole width (long names are not cut). */
    private void add(String label, Node control) {
        Label l = new Label(label);
        l.getStyleClass().add("field-label");
        grid.add(l, 0, row++, 2, 1);
        grid.add(control, 0, row++, 2, 1);
    }

    private void full(Node n) {
        grid.add(n, 0, row++, 2, 1);
    }

    /** A pack by the name its manifest gives it. */
    private static final class PackCell extends ListCell<ModelPack> {
        @Override
        protected void updateItem(ModelPack p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.manifest().name());
        }
    }

    /** "The pack's own (wavelet)" for the pack's default. */
    private static final class FixCell extends ListCell<Choice<ColorFix>> {
        private final SettingsViewModel s;

        FixCell(SettingsViewModel s) {
            this.s = s;
        }

        @Override
        protected void updateItem(Choice<ColorFix> c, boolean empty) {
            super.updateItem(c, empty);
            setText(empty || c == null ? null : c.value() == null ? c.label() + " (" + s.packColorFix() + ")"
                    : c.label());
        }
    }
}
