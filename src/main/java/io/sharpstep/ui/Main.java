package io.sharpstep.ui;

import io.sharpstep.core.Logging;
import javafx.application.Application;

/**
 * Launches the window. A class that does not extend {@link Application} is needed as the main class when
 * JavaFX is on the class path rather than the module path (plain and shaded jars).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Logging.install(false);
        Application.launch(SharpStepApp.class, args);
    }
}
