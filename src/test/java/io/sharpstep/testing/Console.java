package io.sharpstep.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output and error captured for each test (and an empty standard input, so nothing waits on a
 * prompt); what was captured is printed afterwards so a failing test's output is still in its report. Use with
 * {@code @RegisterExtension final Console console = new Console();}.
 */
public final class Console implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    private InputStream oldIn;

    @Override
    public void beforeEach(ExtensionContext context) {
        oldOut = System.out;
        oldErr = System.err;
        oldIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(new byte[0]));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(oldOut);
        System.setErr(oldErr);
        System.setIn(oldIn);
        oldOut.print(out());
        oldErr.print(err());
    }

    /** Standard output so far. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Standard error so far. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Output and error so far, then both emptied. */
    public String take() {
        String s = out() + err();
        clear();
        return s;
    }

    public void clear() {
        out.reset();
        err.reset();
    }
}
