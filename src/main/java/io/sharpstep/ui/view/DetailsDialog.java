package io.sharpstep.ui.view;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.Window;

import java.util.List;

/**
 * "Details…" of an error: the sentence, what was being done (photo, pack, device), the chain of causes and where
 * the log file is (which has the stack trace), with a button that copies all of it.
 */
public final class DetailsDialog {
    private DetailsDialog() {
    }

    /** Shows the details (not waiting for the dialog to close). */
    public static Alert show(Window owner, List<String> styles, String sentence, String details) {
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.setTitle("SharpStep: details");
        a.setHeaderText(sentence);
        TextArea text = new TextArea(details);
        text.setId("detailsText");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(12);
        text.setPrefColumnCount(70);
        a.getDialogPane().setContent(text);
        ButtonType copy = new ButtonType("Copy", ButtonBar.ButtonData.LEFT);
        a.getButtonTypes().setAll(copy, ButtonType.CLOSE);
        a.getDialogPane().lookupButton(copy).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(details);
            Clipboard.getSystemClipboard().setContent(c);
            e.consume(); // keep the dialog open
        });
        a.setResizable(true);
        if (owner != null) {
            a.initOwner(owner);
            a.getDialogPane().getStylesheets().addAll(styles);
        }
        a.show();
        return a;
    }
}
