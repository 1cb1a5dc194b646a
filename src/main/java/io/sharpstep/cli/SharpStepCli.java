package io.sharpstep.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sharpstep} command: upscale, models, bench. */
@Command(name = "sharpstep", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Enlarges photos ×4 with one-step diffusion super-resolution.",
        subcommands = {UpscaleCommand.class, ModelsCommand.class, BenchCommand.class})
public final class SharpStepCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
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
