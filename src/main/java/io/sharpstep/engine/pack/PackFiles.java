package io.sharpstep.engine.pack;

import io.sharpstep.core.SharpStepException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Resolves the files a pack names so that none lies outside the pack: names are resolved against the pack
 * folder, links are followed to their real targets, and the target must be inside the folder's real path.
 * A graph linked to {@code /etc/shadow} or to a model elsewhere is refused before it is opened.
 */
final class PackFiles {
    private PackFiles() {
    }

    /** The real path of {@code name} in pack folder {@code dir}. */
    static Path inside(Path dir, String name, String id) {
        Path lexical = dir.resolve(name).normalize();
        if (!lexical.startsWith(dir.normalize())) {
            throw outside(id, name, "a path");
        }
        Path realDir;
        try {
            realDir = dir.toRealPath();
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "Model pack '" + id + "': its folder "
                    + dir + " cannot be read.", e);
        }
        Path real;
        try {
            real = lexical.toRealPath();
        } catch (NoSuchFileException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "Model pack '" + id + "' is missing "
                    + name + ".", e);
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "Model pack '" + id + "': " + name
                    + " cannot be read.", e);
        }
        if (!real.startsWith(realDir)) {
            throw outside(id, name, "a link");
        }
        if (!Files.isRegularFile(real)) {
            throw new SharpStepException(SharpStepException.Kind.PACK, "Model pack '" + id + "' is missing "
                    + name + ".");
        }
        return real;
    }

    private static SharpStepException outside(String id, String name, String what) {
        return new SharpStepException(SharpStepException.Kind.PACK, "Model pack '" + id + "': expected " + name
                + " inside the pack folder, found " + what + " to a file outside it.");
    }
}
