package io.sharpstep.engine.pack;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.UserFolders;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The model packs SharpStep can see: the built-in bicubic one, the user's models folder and the bundled
 * {@code models/packs} folder (in that order of precedence when ids collide). Packs that fail their checks
 * are listed as problems instead of hiding the others.
 */
public final class PackCatalog {
    /** A pack folder that could not be loaded, and why. */
    public record Problem(Path dir, String message) {
    }

    private final Map<String, ModelPack> packs = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<Path> roots;

    public PackCatalog(List<Path> roots) {
        this.roots = List.copyOf(roots);
        packs.put(ModelPack.BICUBIC_ID, ModelPack.bicubic());
        for (Path root : this.roots) {
            scan(root);
        }
    }

    /** The standard places: user folder, then the bundled folder. */
    public static PackCatalog standard() {
        List<Path> roots = new ArrayList<>();
        roots.add(userModels());
        roots.addAll(bundledModels());
        return new PackCatalog(roots);
    }

    /** The user models folder (SHARPSTEP_MODELS, else the OS's per-user data folder). */
    public static Path userModels() {
        String env = System.getenv("SHARPSTEP_MODELS");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        return UserFolders.data().resolve("models");
    }

    /**
     * Candidate bundled folders: {@code -Dsharpstep.home}/models/packs alone where that is set (launchers
     * set it), else the installation beside the jar (jar in lib/ or target/) and ./models/packs.
     */
    static List<Path> bundledModels() {
        List<Path> out = new ArrayList<>();
        String home = System.getProperty("sharpstep.home");
        if (home != null) {
            // An installation (or the source launcher) says where it is: look nowhere else.
            return List.of(Paths.get(home, "models", "packs"));
        }
        try {
            Path jar = Paths.get(PackCatalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null && out.size() < 4; p = p.getParent()) {
                Path candidate = p.resolve("models").resolve("packs");
                if (Files.isDirectory(candidate) && !out.contains(candidate)) {
                    out.add(candidate);
                    break;
                }
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // No code source (e.g. jlink image without one): the other candidates still apply.
        }
        Path cwd = Paths.get("models", "packs").toAbsolutePath();
        if (!out.contains(cwd)) {
            out.add(cwd);
        }
        return out;
    }

    private void scan(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve(ManifestReader.MANIFEST))).sorted().forEach(d -> {
                try {
                    ModelPack p = ManifestReader.load(d);
                    PackGraphs.check(p);
                    packs.putIfAbsent(p.id(), p);
                } catch (SharpStepException e) {
                    problems.add(new Problem(d, e.getMessage()));
                }
            });
        } catch (IOException e) {
            problems.add(new Problem(root, "Cannot list the folder " + root + "."));
        }
    }

    public List<ModelPack> packs() {
        return List.copyOf(packs.values());
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public List<Path> roots() {
        return roots;
    }

    /** The pack a user gets when naming none: role "default", else the first diffusion pack, else bicubic. */
    public ModelPack defaultPack() {
        return packs.values().stream().filter(p -> "default".equals(p.manifest().role())).findFirst()
                .or(() -> packs.values().stream().filter(p -> p.manifest().kind() == PackKind.ONE_STEP_LATENT)
                        .findFirst())
                .orElse(packs.get(ModelPack.BICUBIC_ID));
    }

    /** A pack by id, or by path to its folder or model.json. */
    public ModelPack find(String nameOrPath) {
        ModelPack p = packs.get(nameOrPath);
        if (p != null) {
            return p;
        }
        Path path = Paths.get(nameOrPath);
        if (Files.isRegularFile(path) && path.getFileName().toString().equals(ManifestReader.MANIFEST)) {
            return ManifestReader.load(path.toAbsolutePath().getParent());
        }
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve(ManifestReader.MANIFEST))) {
                throw new SharpStepException(SharpStepException.Kind.PACK, "The folder " + path + " is not a model pack: it has no "
                        + ManifestReader.MANIFEST + ".");
            }
            return ManifestReader.load(path.toAbsolutePath().normalize());
        }
        for (Problem problem : problems) {
            if (problem.dir().getFileName() != null && problem.dir().getFileName().toString().equals(nameOrPath)) {
                throw new SharpStepException(SharpStepException.Kind.PACK, problem.message());
            }
        }
        throw new SharpStepException(SharpStepException.Kind.PACK, "No model pack named '" + nameOrPath + "'. Available: "
                + String.join(", ", packs.keySet()) + ".");
    }
}
