package io.sharpstep.image;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;

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

    /** The first free name in {@code dir} for {@code stem + suffix + "." + ext} (any entry, a dangling link too, counts). */
    public static Path next(Path dir, String stem, String suffix, String ext) {
        Iterator<String> names = candidates(stem, suffix, ext);
        Path p = dir.resolve(names.next());
        while (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            p = dir.resolve(names.next());
        }
        return p;
    }

    /** {@code stem+suffix.ext}, then {@code stem+suffix (2).ext}, (3), … without end. */
    public static Iterator<String> candidates(String stem, String suffix, String ext) {
        return new Iterator<>() {
            private int i = 1;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public String next() {
                int n = i++;
                return stem + suffix + (n == 1 ? "" : " (" + n + ")") + "." + ext;
            }
        };
    }
}
