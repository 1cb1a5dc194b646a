package io.sharpstep.ui.model;

import io.sharpstep.core.Failures;
import io.sharpstep.core.Logging;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Status line, device and model in use, the last error (one sentence on screen; the detail for "Details…": what
 * was being done, the cause chain and where the log is) and the log list. FX thread.
 */
public final class StatusModel {
    private static final int MAX_LOG = 2000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    public static final String READY = "Ready. Drop photos or folders here, or press Ctrl+O.";

    private final StringProperty message = new SimpleStringProperty(READY);
    private final StringProperty device = new SimpleStringProperty("Device: not opened yet");
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty memory = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty errorDetails = new SimpleStringProperty("");
    /** The photo the error is about, or null. */
    private final ObjectProperty<QueueItem> errorItem = new SimpleObjectProperty<>();
    private final ObservableList<String> log = FXCollections.observableArrayList();

    /** Logs a line and shows it in the status line. */
    public void info(String text) {
        message.set(text);
        log("INFO", text);
    }

    /**
     * Shows an error as one sentence; {@code context} (photo, pack, device: one per line, may be empty) and the
     * cause chain are kept for "Details…". The cause goes to the log file with its stack trace.
     */
    public void error(String sentence, Throwable cause, String context, QueueItem about) {
        String s = sentence == null || sentence.isBlank() ? "Something went wrong." : sentence;
        if (cause != null) {
            Failures.report(cause);
        }
        error.set(s);
        errorDetails.set(details(s, cause, context));
        errorItem.set(about);
        message.set(s);
        log("ERROR", s);
    }

    /** An error with no particular photo: the throwable's sentence. */
    public void error(Throwable t) {
        error(Failures.sentence(t), t, "", null);
    }

    /** The text of a "Details…" view: sentence, context, cause chain, log file. */
    public static String details(String sentence, Throwable cause, String context) {
        StringBuilder b = new StringBuilder(sentence);
        if (context != null && !context.isBlank()) {
            b.append("\n\n").append(context.strip());
        }
        if (cause != null) {
            b.append("\n\nCause:\n").append(Failures.detail(cause));
        }
        Path logFile = Logging.file();
        b.append("\n\nLog file: ").append(logFile == null ? "none (logging is off)" : logFile.toString());
        return b.toString();
    }

    public void clearError() {
        error.set("");
        errorItem.set(null);
    }

    /** Clears the error and the status line if they are about {@code item} (it left the queue). */
    public void forget(QueueItem item) {
        if (item != null && errorItem.get() == item) {
            clearError();
            if (message.get().contains(item.name())) {
                message.set(READY);
            }
        }
    }

    /** Runs {@code r} on the FX thread (for reports from worker threads). */
    public static void later(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    private void log(String level, String text) {
        log.add(LocalTime.now().format(TIME) + "  " + level + "  " + text);
        if (log.size() > MAX_LOG) {
            log.remove(0, log.size() - MAX_LOG);
        }
    }

    /** Refreshes the memory figure from the Java heap. */
    public void updateMemory() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        memory.set(String.format("Memory %d / %d MB", used >> 20, rt.maxMemory() >> 20));
    }

    public StringProperty messageProperty() { return message; }
    public StringProperty deviceProperty() { return device; }
    public StringProperty modelProperty() { return model; }
    public StringProperty memoryProperty() { return memory; }
    public StringProperty errorProperty() { return error; }
    public StringProperty errorDetailsProperty() { return errorDetails; }
    public ObjectProperty<QueueItem> errorItemProperty() { return errorItem; }
    public ObservableList<String> log() { return log; }
}
