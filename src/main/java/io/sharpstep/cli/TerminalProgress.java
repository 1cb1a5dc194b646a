package io.sharpstep.cli;

import io.sharpstep.core.Durations;
import io.sharpstep.core.Progress;
import io.sharpstep.jobs.JobEvent;
import io.sharpstep.jobs.JobListener;

import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal ({@code \r}-redrawn), or a line per stage and every 10 % when the
 * output is not a terminal (logs, CI).
 */
final class TerminalProgress implements JobListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private long lastDraw;
    private int lastDecile = -1;
    private Object lastStage;

    TerminalProgress(PrintStream out, boolean interactive, String label) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
    }

    @Override
    public void on(JobEvent event) {
        if (event instanceof JobEvent.Progressed p) {
            show(p.progress());
        }
    }

    private void show(Progress p) {
        int decile = (int) (p.fraction() * 10);
        boolean stageChanged = p.stage() != lastStage;
        lastStage = p.stage();
        if (interactive) {
            long now = System.nanoTime();
            if (!stageChanged && now - lastDraw < 100_000_000L && p.fraction() < 1) {
                return;
            }
            lastDraw = now;
            int filled = (int) Math.round(p.fraction() * WIDTH);
            out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                    + String.format("%3d%%", Math.round(p.fraction() * 100)) + " " + describe(p) + "   ");
            out.flush();
        } else if (stageChanged || decile != lastDecile) {
            out.println(label + ": " + Math.round(p.fraction() * 100) + "% " + describe(p));
        }
        lastDecile = decile;
    }

    static String describe(Progress p) {
        String tiles = p.tiles() > 1 ? " tile " + p.tile() + "/" + p.tiles() : "";
        String eta = p.etaSeconds() >= 0 ? ", ETA " + Durations.format(p.etaSeconds()) : "";
        return p.stage().label() + tiles + eta;
    }

    /** Ends the bar's line. */
    void finish() {
        if (interactive) {
            out.println();
        }
    }
}
