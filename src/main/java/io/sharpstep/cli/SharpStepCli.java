package io.sharpstep.cli;

import io.sharpstep.core.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sharpstep} command: upscale, models, bench. */
@Command(name = "sharpstep", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Enlarges photos ×4 with one-step diffusion super-resolution.",
        subcommands = {UpscaleCommand.class, ModelsCommand.class, BenchCommand.class})
public final class SharpStepCli implements Runnable {
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
        CommandLine cl = new CommandLine(new SharpStepCli());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("sharpstep: " + Messages.of(ex));
            return 2;
        });
        return cl.execute(args);
    }
}
