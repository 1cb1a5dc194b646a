package io.sharpstep.cli;

import io.sharpstep.core.CancelToken;
import io.sharpstep.core.CancelledException;
import io.sharpstep.core.Durations;
import io.sharpstep.core.Precision;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Sizes;
import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import io.sharpstep.install.Catalogue;
import io.sharpstep.install.Downloader;
import io.sharpstep.install.InstallListener;
import io.sharpstep.install.InstallPlan;
import io.sharpstep.install.Installer;
import io.sharpstep.install.TemplateSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sharpstep models install osediff}: shows what will be fetched and the licences, asks, then downloads,
 * verifies, builds and checks the OSEDiff pack. Exit 0 when installed (or already there), 1 on failure with one
 * sentence, 130 when cancelled.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Download and build the OSEDiff diffusion pack from its public release files.")
final class InstallCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "osediff", description = "The pack to install (osediff).")
    String what;

    @Option(names = "--from", arity = "1..*", paramLabel = "DIR|FILE",
            description = "Use files you already have: a folder in the diffusers layout (unet/, vae/, text_encoder/,"
                    + " osediff.pkl) or single files. They are checked against the pinned hashes.")
    List<Path> from = new ArrayList<>();

    @Option(names = "--precision", defaultValue = "fp16", paramLabel = "fp16|fp32",
            description = "fp16 (default: half the download and the memory) or fp32.")
    String precision;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "An extra mirror tried first: a URL under which the files sit in the diffusers layout.")
    List<URI> mirrors = new ArrayList<>();

    @Option(names = "--yes", description = "Accept the licences without asking.")
    boolean yes;

    @Option(names = "--discard", description = "Remove partial downloads kept for resuming, and stop.")
    boolean discard;

    @Option(names = "--models-dir", hidden = true, paramLabel = "DIR", description = "Models folder (tests).")
    Path modelsDir;

    @Option(names = "--catalogue", hidden = true, paramLabel = "FILE", description = "Sources list (tests).")
    Path catalogueFile;

    @Option(names = "--templates", hidden = true, paramLabel = "DIR", description = "Graph templates (tests).")
    Path templatesDir;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            if (!"osediff".equals(what)) {
                throw new SharpStepException(SharpStepException.Kind.OPTION, "Unknown pack '" + what
                        + "': expected osediff.");
            }
            Path models = modelsDir != null ? modelsDir : PackCatalog.userModels();
            Installer installer = new Installer(catalogueFile != null ? Catalogue.read(catalogueFile)
                    : Catalogue.bundled(), templatesDir != null ? TemplateSet.fromFolder(templatesDir)
                    : TemplateSet.bundled(), Downloader.standard(), models);
            if (discard) {
                long freed = installer.discardDownloads();
                out.println(freed > 0 ? "Removed " + Sizes.bytesFine(freed) + " of downloads from "
                        + installer.downloads() + "." : "There were no downloads to remove.");
                return 0;
            }
            InstallPlan plan = installer.plan(Precision.lookup(precision), from, mirrors);
            if (plan.installed()) {
                out.println(installer.catalogue().name() + " is already installed in " + plan.target() + ".");
                return 0;
            }
            show(installer.catalogue().name(), plan, out);
            if (!yes && !ask(out)) {
                err.println("sharpstep: Nothing was installed: the licences were not accepted (--yes accepts them).");
                return 1;
            }
            CancelToken cancel = new CancelToken();
            java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
            Thread hook = new Thread(() -> { // Ctrl-C: stop cleanly (parts kept, unfinished pack removed)
                cancel.cancel();
                try {
                    stopped.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "install-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
            ModelPack pack;
            Bar bar = new Bar(err, System.console() != null);
            try {
                pack = installer.install(plan, cancel, bar);
            } finally {
                stopped.countDown();
                bar.finish();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // shutting down: the hook is running
                }
            }
            out.println("Installed: " + pack.summary());
            out.println("Use it with: sharpstep upscale PHOTO --model " + pack.id());
            return 0;
        } catch (CancelledException e) {
            err.println("sharpstep: Cancelled; partial downloads are kept for next time "
                    + "(sharpstep models install osediff --discard removes them).");
            return 130;
        } catch (RuntimeException e) {
            err.println("sharpstep: " + Messages.of(e));
            return 1;
        }
    }

    private static void show(String name, InstallPlan plan, PrintStream out) {
        out.println("SharpStep will build the pack \"" + name + "\" (" + plan.precision().key() + ") from:");
        for (InstallPlan.Item i : plan.items()) {
            Catalogue.SourceFile f = i.file();
            String size = (f.bytes() >= 0 ? "" : "about ") + Sizes.bytesFine(f.approxBytes());
            out.printf(Locale.ROOT, "  %-48s %12s  %s%n", f.path(), size, i.source());
        }
        out.println("To download: " + Sizes.bytesFine(plan.downloadBytes()) + "; the pack takes "
                + Sizes.bytesFine(plan.packBytes()) + " in " + plan.target().getParent() + ".");
        out.println("Each file is checked against its pinned hash before use.");
        out.println();
        out.println("These files come under licences you must accept:");
        for (Catalogue.Licence l : plan.licences()) {
            out.println("  " + l.name() + " — " + l.covers() + " (" + l.url() + ")");
            out.println("    " + l.summary());
        }
        out.println();
    }

    private static boolean ask(PrintStream out) {
        out.print("Accept these licences and start? [y/N] ");
        out.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line != null && line.trim().toLowerCase(Locale.ROOT).matches("y|yes");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Progress on the terminal: one redrawn line, or a line per step and every 10 % in logs. */
    private static final class Bar implements InstallListener {
        private final PrintStream err;
        private final boolean interactive;
        private String lastText = "";
        private int lastDecile = -1;

        Bar(PrintStream err, boolean interactive) {
            this.err = err;
            this.interactive = interactive;
        }

        @Override
        public void status(Status s) {
            String pct = s.fraction() >= 0 ? String.format(Locale.ROOT, "%3d%% ", Math.round(s.fraction() * 100)) : "";
            String dl = s.phase() == Phase.DOWNLOAD ? " " + Sizes.bytesFine(s.bytesDone()) + " of "
                    + Sizes.bytesFine(s.bytesTotal()) + ", " + Sizes.speed(s.bytesPerSecond()) + ", "
                    + Durations.orDash(s.etaSeconds()) + " left" : "";
            String line = pct + s.text() + dl;
            int decile = s.fraction() >= 0 ? (int) (s.fraction() * 10) : -1;
            if (interactive) {
                err.print("\r" + line + "   ");
                err.flush();
            } else if (!s.text().equals(lastText) || decile != lastDecile) {
                err.println(line);
            }
            lastText = s.text();
            lastDecile = decile;
        }

        @Override
        public void note(String sentence) {
            err.println((interactive ? "\r" : "") + sentence);
        }

        void finish() {
            if (interactive) {
                err.println();
            }
        }
    }
}
