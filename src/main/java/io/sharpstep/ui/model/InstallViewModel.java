package io.sharpstep.ui.model;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.CancelledException;
import io.sharpstep.core.Durations;
import io.sharpstep.core.Failures;
import io.sharpstep.core.Precision;
import io.sharpstep.core.Sizes;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.install.Catalogue;
import io.sharpstep.install.InstallListener;
import io.sharpstep.install.InstallPlan;
import io.sharpstep.install.Installer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Getting the diffusion model, behind {@code InstallDialog}: what will be fetched (files, sizes, sources), the
 * licences to accept, then progress with speed and time left, cancel, resume, and discarding kept downloads.
 * The installer works on {@code worker}; every change of state reaches the properties through {@code fx}.
 */
public final class InstallViewModel {
    /** Where the dialog is. */
    public enum State { READY, RUNNING, CANCELLED, FAILED, DONE }

    /** One line of the file list. */
    public record FileRow(String path, String size, String source) {
    }

    private final Installer installer;
    private final Executor fx;
    private final Executor worker;
    private final Consumer<ModelPack> onInstalled;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.READY);
    private final ObjectProperty<Precision> precision = new SimpleObjectProperty<>(Precision.FP16);
    private final ObservableList<Path> from = FXCollections.observableArrayList();
    private final ObservableList<java.net.URI> mirrors = FXCollections.observableArrayList();
    private final ObservableList<FileRow> files = FXCollections.observableArrayList();
    private final ObservableList<Catalogue.Licence> licences = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty("");
    private final BooleanProperty accepted = new SimpleBooleanProperty(false);
    private final StringProperty step = new SimpleStringProperty("");
    private final DoubleProperty fraction = new SimpleDoubleProperty(0);
    private final StringProperty speed = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty hasDownloads = new SimpleBooleanProperty(false);
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final BooleanProperty planReady = new SimpleBooleanProperty(false);
    private final javafx.beans.binding.BooleanBinding canStart = javafx.beans.binding.Bindings.createBooleanBinding(
            () -> planReady.get() && accepted.get() && state.get() != State.RUNNING && state.get() != State.DONE,
            planReady, accepted, state);
    private volatile CancelToken cancel;
    private InstallPlan plan;

    public InstallViewModel(Installer installer, Executor fx, Executor worker, Consumer<ModelPack> onInstalled) {
        this.installer = installer;
        this.fx = fx;
        this.worker = worker;
        this.onInstalled = onInstalled;
        precision.addListener(o -> refresh());
        from.addListener((javafx.collections.ListChangeListener<Path>) c -> refresh());
        mirrors.addListener((javafx.collections.ListChangeListener<java.net.URI>) c -> refresh());
        refresh();
    }

    /** Works out the plan again (after a change of precision or of the user's files). */
    public void refresh() {
        if (state.get() == State.RUNNING) {
            return;
        }
        try {
            plan = installer.plan(precision.get(), List.copyOf(from), List.copyOf(mirrors));
            List<FileRow> rows = new ArrayList<>();
            for (InstallPlan.Item i : plan.items()) {
                rows.add(new FileRow(i.file().path(), (i.file().bytes() >= 0 ? "" : "about ")
                        + Sizes.bytesFine(i.file().approxBytes()), i.source()));
            }
            files.setAll(rows);
            licences.setAll(plan.licences());
            summary.set(plan.installed() ? installer.catalogue().name() + " is already installed in " + plan.target() + "."
                    : "To download: " + Sizes.bytesFine(plan.downloadBytes()) + ". The pack will take "
                    + Sizes.bytesFine(plan.packBytes()) + " in " + plan.target().getParent()
                    + ". Every file is checked against its pinned hash.");
            hasDownloads.set(plan.items().stream().anyMatch(i -> i.partBytes() > 0 || i.done()));
            planReady.set(!plan.installed());
            message.set("");
        } catch (RuntimeException e) {
            plan = null;
            planReady.set(false);
            files.clear();
            message.set(Failures.report(e));
        }
    }

    /** Whether Start (or Resume) can be pressed: a plan, the licences accepted, nothing running or done. */
    public javafx.beans.binding.BooleanBinding canStartBinding() {
        return canStart;
    }

    /** Starts (or resumes) the install on the worker. */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        InstallPlan p = plan;
        CancelToken token = new CancelToken();
        cancel = token;
        state.set(State.RUNNING);
        message.set("");
        fraction.set(0);
        worker.execute(() -> {
            try {
                ModelPack pack = installer.install(p, token, new InstallListener() {
                    @Override
                    public void status(Status s) {
                        fx.execute(() -> show(s));
                    }

                    @Override
                    public void note(String sentence) {
                        fx.execute(() -> log.add(sentence));
                    }
                });
                fx.execute(() -> {
                    state.set(State.DONE);
                    step.set("Installed");
                    fraction.set(1);
                    speed.set("");
                    message.set("Installed " + pack.manifest().name() + ": it is now in the model list.");
                    onInstalled.accept(pack);
                });
            } catch (CancelledException e) {
                fx.execute(() -> {
                    state.set(State.CANCELLED);
                    speed.set("");
                    refresh();
                    message.set("Cancelled. What was downloaded is kept: Resume goes on from there.");
                });
            } catch (RuntimeException | Error e) {
                String sentence = Failures.report(e);
                fx.execute(() -> {
                    state.set(State.FAILED);
                    speed.set("");
                    refresh();
                    message.set(sentence);
                });
            }
        });
    }

    private void show(InstallListener.Status s) {
        step.set(s.text());
        fraction.set(s.fraction() < 0 ? -1 : s.fraction());
        speed.set(s.phase() == InstallListener.Phase.DOWNLOAD ? Sizes.bytesFine(s.bytesDone()) + " of "
                + Sizes.bytesFine(s.bytesTotal()) + " · " + Sizes.speed(s.bytesPerSecond()) + " · "
                + Durations.orDash(s.etaSeconds()) + " left" : "");
    }

    /** Asks the running install to stop; downloads' parts are kept. */
    public void cancel() {
        CancelToken t = cancel;
        if (t != null && state.get() == State.RUNNING) {
            step.set("Cancelling…");
            t.cancel();
        }
    }

    /** Removes kept downloads (not while running). */
    public void discard() {
        if (state.get() == State.RUNNING) {
            return;
        }
        try {
            long freed = installer.discardDownloads();
            refresh();
            message.set(freed > 0 ? "Removed " + Sizes.bytesFine(freed) + " of downloads." : "There were no downloads to remove.");
            state.set(State.READY);
        } catch (RuntimeException e) {
            message.set(Failures.report(e));
        }
    }

    public ObjectProperty<State> stateProperty() { return state; }
    public ObjectProperty<Precision> precisionProperty() { return precision; }
    public ObservableList<Path> from() { return from; }
    /** Mirrors the user adds: base URLs of the diffusers layout, tried before the catalogue's. */
    public ObservableList<java.net.URI> mirrors() { return mirrors; }

    /** Adds a mirror typed by the user; a malformed address is said in one sentence. */
    public void addMirror(String text) {
        try {
            java.net.URI u = java.net.URI.create(text.trim());
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
                throw new IllegalArgumentException();
            }
            mirrors.add(u);
        } catch (IllegalArgumentException e) {
            message.set("'" + text.trim() + "' is not a web address (https://…).");
        }
    }
    public ObservableList<FileRow> files() { return files; }
    public ObservableList<Catalogue.Licence> licences() { return licences; }
    public StringProperty summaryProperty() { return summary; }
    public BooleanProperty acceptedProperty() { return accepted; }
    public StringProperty stepProperty() { return step; }
    public DoubleProperty fractionProperty() { return fraction; }
    public StringProperty speedProperty() { return speed; }
    public StringProperty messageProperty() { return message; }
    public BooleanProperty hasDownloadsProperty() { return hasDownloads; }
    public ObservableList<String> log() { return log; }
    public String packName() { return installer.catalogue().name(); }
}
