package io.sharpstep.image;

import java.nio.file.Files;
import java.nio.file.Path;

/** Collision-safe output names: {@code name_x4.png}, then {@code name_x4 (2).png}, … */
public final class OutputNames {
    private OutputNames() {
    }

    /** The base name of a file without its extension. */
    public static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The first free name in {@code dir} for {@code stem + suffix + "." + ext}. */
    public static Path next(Path dir, String stem, String suffix, String ext) {
        Path p = dir.resolve(stem + suffix + "." + ext);
        for (int i = 2; Files.exists(p); i++) {
            p = dir.resolve(stem + suffix + " (" + i + ")." + ext);
        }
        return p;
    }
}
