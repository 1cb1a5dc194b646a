package io.sharpstep.cli;

import io.sharpstep.core.Failures;
import io.sharpstep.core.Logging;
import io.sharpstep.core.SharpStepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import javax.imageio.ImageIO;
import java.io.PrintWriter;

/**
 * The {@code sharpstep} command: upscale, models, bench. Exit codes: 0 all done, 1 a photo failed or there
 * was nothing to do (or the computer could not do it), 2 bad options or an unusable model pack, 130 / 143
 * stopped by SIGINT / SIGTERM.
 */
@Command(name = "sharpstep", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Enlarges photos ×4 with one-step diffusion super-resolution.",
        subcommands = {UpscaleCommand.class, ModelsCommand.class, BenchCommand.class})
public final class SharpStepCli implements Runnable {
    /** Exit code: everything done. */
    static final int OK = 0;
    /** Exit code: a photo failed, nothing to do, or the computer could not do the work. */
    static final int FAILED = 1;
    /** Exit code: bad options or an unusable model pack. */
    static final int BAD_OPTIONS = 2;
    /** Exit code: cancelled (SIGINT, 128 + 2). */
    static final int CANCELLED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Also print the log (the detail behind every message) on the terminal.")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        Logging.install(java.util.Arrays.asList(args).contains("--verbose"));
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String... args) {
        // Readers get files or memory streams; ImageIO's disk cache would only add a temp-folder failure mode.
        ImageIO.setUseCache(false);
        CommandLine cl = new CommandLine(new SharpStepCli());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("sharpstep: " + Safe.text(Messages.of(ex)));
            return exitCode(Failures.of(ex));
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("sharpstep: " + Safe.text(ex.getMessage()));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return BAD_OPTIONS;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | Error e) {
            // Errors (native libraries, memory) are not handed to the handler above.
            System.err.println("sharpstep: " + Safe.text(Messages.of(e)));
            return exitCode(Failures.of(e));
        }
    }

    /** The exit code for a failure that stopped the whole command. */
    static int exitCode(SharpStepException e) {
        return switch (e.kind()) {
            case OPTION, PACK -> BAD_OPTIONS;
            case CANCELLED -> CANCELLED;
            default -> FAILED;
        };
    }
}
