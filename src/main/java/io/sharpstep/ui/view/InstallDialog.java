package io.sharpstep.ui.view;

import io.sharpstep.core.Precision;
import io.sharpstep.install.Catalogue;
import io.sharpstep.ui.model.InstallViewModel;
import io.sharpstep.ui.model.InstallViewModel.State;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.File;

/**
 * "Get the diffusion model": the files to fetch with sizes and sources, the licences with an accept box, the
 * precision, "use files I already have", then progress with speed and time left; Cancel, Resume and Discard
 * download. Everything it shows and does goes through {@link InstallViewModel}.
 */
public final class InstallDialog {
    private final Stage stage = new Stage();

    public InstallDialog(InstallViewModel vm, Window owner) {
        stage.setTitle("Get the diffusion model");
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        Label title = new Label(vm.packName());
        title.getStyleClass().add("section-title");

        TableView<InstallViewModel.FileRow> table = new TableView<>(vm.files());
        table.setId("installFiles");
        table.getColumns().add(column("File", InstallViewModel.FileRow::path, 300));
        table.getColumns().add(column("Size", InstallViewModel.FileRow::size, 90));
        table.getColumns().add(column("From", InstallViewModel.FileRow::source, 260));
        table.setPrefHeight(150);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);

        ComboBox<Precision> precision = new ComboBox<>();
        precision.getItems().setAll(Precision.FP16, Precision.FP32);
        precision.valueProperty().bindBidirectional(vm.precisionProperty());
        precision.setId("installPrecision");
        Button useMine = new Button("Use files I already have…");
        useMine.setId("installFrom");
        useMine.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder with unet/, vae/, text_encoder/ and osediff.pkl");
            File f = dc.showDialog(stage);
            if (f != null) {
                vm.from().setAll(f.toPath());
            }
        });
        javafx.scene.control.TextField mirror = new javafx.scene.control.TextField();
        mirror.setId("installMirror");
        mirror.setPromptText("Extra mirror (optional): https://…/stable-diffusion-2-1-base/");
        mirror.setOnAction(e -> {
            vm.addMirror(mirror.getText());
            mirror.clear();
        });
        HBox.setHgrow(mirror, Priority.ALWAYS);
        HBox options = new HBox(8, new Label("Precision"), precision, useMine, mirror);
        options.setAlignment(Pos.CENTER_LEFT);

        Label summary = wrap(vm.summaryProperty().get());
        summary.textProperty().bind(vm.summaryProperty());

        VBox licenceBox = new VBox(6);
        Runnable fillLicences = () -> {
            licenceBox.getChildren().clear();
            for (Catalogue.Licence l : vm.licences()) {
                Label name = new Label(l.name() + " — " + l.covers());
                name.setStyle("-fx-font-weight: bold");
                name.setWrapText(true);
                licenceBox.getChildren().addAll(name, wrap(l.summary()), wrap("Full text: " + l.url()));
            }
        };
        vm.licences().addListener((javafx.collections.ListChangeListener<Catalogue.Licence>) c -> fillLicences.run());
        fillLicences.run();
        ScrollPane licences = new ScrollPane(licenceBox);
        licences.setFitToWidth(true);
        licences.setPrefHeight(150);
        CheckBox accept = new CheckBox("I accept these licences and their use restrictions");
        accept.setId("installAccept");
        accept.selectedProperty().bindBidirectional(vm.acceptedProperty());

        ProgressBar bar = new ProgressBar();
        bar.setId("installProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.fractionProperty());
        Label step = new Label();
        step.setId("installStep");
        step.textProperty().bind(vm.stepProperty());
        Label speed = new Label();
        speed.setId("installSpeed");
        speed.textProperty().bind(vm.speedProperty());
        Label message = wrap("");
        message.setId("installMessage");
        message.textProperty().bind(vm.messageProperty());
        VBox progress = new VBox(4, bar, step, speed);
        progress.visibleProperty().bind(vm.stateProperty().isNotEqualTo(State.READY));
        progress.managedProperty().bind(progress.visibleProperty());

        Button start = new Button();
        start.setId("installStart");
        start.textProperty().bind(Bindings.createStringBinding(() -> vm.stateProperty().get() == State.CANCELLED
                || vm.stateProperty().get() == State.FAILED || vm.hasDownloadsProperty().get() ? "Resume" : "Start",
                vm.stateProperty(), vm.hasDownloadsProperty()));
        start.disableProperty().bind(vm.canStartBinding().not());
        start.setDefaultButton(true);
        start.setOnAction(e -> vm.start());
        Button cancel = new Button("Cancel");
        cancel.setId("installCancel");
        cancel.disableProperty().bind(vm.stateProperty().isNotEqualTo(State.RUNNING));
        cancel.setOnAction(e -> vm.cancel());
        Button discard = new Button("Discard download");
        discard.setId("installDiscard");
        discard.disableProperty().bind(vm.stateProperty().isEqualTo(State.RUNNING).or(vm.hasDownloadsProperty().not()));
        discard.setOnAction(e -> vm.discard());
        Button close = new Button("Close");
        close.setId("installClose");
        close.setOnAction(e -> {
            vm.cancel();
            stage.close();
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, discard, gap, cancel, start, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox root = new VBox(10, title, wrap("SharpStep builds the one-step diffusion model from the public release "
                + "files of Stable Diffusion 2.1-base and OSEDiff. It downloads:"), table, options, summary,
                new Label("Licences"), licences, accept, progress, message, buttons);
        root.setPadding(new Insets(14));
        root.setPrefWidth(720);
        stage.setOnCloseRequest(e -> vm.cancel());
        stage.setScene(new Scene(root));
    }

    private static TableColumn<InstallViewModel.FileRow, String> column(
            String name, java.util.function.Function<InstallViewModel.FileRow, String> field, double width) {
        TableColumn<InstallViewModel.FileRow, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(field.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static Label wrap(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    /**
     * Opens the dialog for the app's own sources and the user's models folder; {@code onInstalled} gets the new
     * pack on the FX thread.
     */
    public static InstallDialog open(Window owner, java.util.function.Consumer<io.sharpstep.engine.pack.ModelPack> onInstalled) {
        java.util.concurrent.Executor worker = r -> {
            Thread t = new Thread(r, "install");
            t.setDaemon(true);
            t.start();
        };
        InstallViewModel vm = new InstallViewModel(io.sharpstep.install.Installer.standard(
                io.sharpstep.engine.pack.PackCatalog.userModels()), javafx.application.Platform::runLater, worker,
                onInstalled);
        InstallDialog d = new InstallDialog(vm, owner);
        d.show();
        return d;
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
    }
}
