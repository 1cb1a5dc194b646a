package io.sharpstep.cli;

import io.sharpstep.engine.pack.ModelPack;
import io.sharpstep.engine.pack.PackCatalog;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sharpstep models}: the packs found, where they were looked for, and packs that failed their checks. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the model packs.",
        subcommands = InstallCommand.class)
final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        PackCatalog catalog = PackCatalog.standard();
        ModelPack def = catalog.defaultPack();
        for (ModelPack p : catalog.packs()) {
            System.out.println((p.id().equals(def.id()) ? "* " : "  ") + Safe.text(p.summary())
                    + (p.dir() != null ? "  [" + Safe.text(p.dir()) + "]" : ""));
        }
        for (PackCatalog.Problem problem : catalog.problems()) {
            System.out.println("! " + Safe.text(problem.dir()) + ": " + Safe.text(problem.message()));
        }
        System.out.println("Looked in: " + Safe.text(String.join(", ",
                catalog.roots().stream().map(Path::toString).toList())));
        return 0;
    }
}
