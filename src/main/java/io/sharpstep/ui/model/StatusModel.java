package io.sharpstep.ui.model;

import io.sharpstep.core.Failures;
import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Status line, device and model in use, the last error (one sentence, details on demand) and the log. */
public final class StatusModel {
    private static final int MAX_LOG = 2000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final StringProperty message = new SimpleStringProperty("Ready. Drop photos or folders here, or press Ctrl+O.");
    private final StringProperty device = new SimpleStringProperty("Device: not opened yet");
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty memory = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty errorDetails = new SimpleStringProperty("");
    private final ObservableList<String> log = FXCollections.observableArrayList();

    /** Logs a line and shows it in the status line. FX thread, or anywhere through {@link #later}. */
    public void info(String text) {
        message.set(text);
        log("INFO", text);
    }

    /** Shows an error as one readable sentence; the details (cause chain, stack) are kept for "Details". */
    public void error(String sentence, Throwable cause) {
        String s = sentence == null || sentence.isBlank() ? "Something went wrong." : sentence;
        error.set(s);
        errorDetails.set(details(s, cause));
        message.set(s);
        log("ERROR", s);
    }

    /** An error from a throwable: its message if it is one of ours, else a generic sentence. */
    public void error(Throwable t) {
        error(sentence(t), t);
    }

    public void clearError() {
        error.set("");
    }

    /** Runs {@code r} on the FX thread (for reports from worker threads). */
    public static void later(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    public static String sentence(Throwable t) {
        return Failures.sentence(t);
    }

    private void log(String level, String text) {
        log.add(LocalTime.now().format(TIME) + "  " + level + "  " + text);
        if (log.size() > MAX_LOG) {
            log.remove(0, log.size() - MAX_LOG);
        }
    }

    private static String details(String sentence, Throwable cause) {
        if (cause == null) {
            return sentence;
        }
        StringWriter w = new StringWriter();
        cause.printStackTrace(new PrintWriter(w));
        return sentence + "\n\n" + w;
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
    public ObservableList<String> log() { return log; }
}
