package io.sharpstep.jobs;

import io.sharpstep.core.SharpStepException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Expands the paths a user gives (files and folders) into the photos to process. */
public final class InputFiles {
    /** Extensions picked up from folders. Files named explicitly are tried whatever their name. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "tif", "tiff", "webp", "bmp", "psd");

    private InputFiles() {
    }

    public static List<Path> expand(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile).filter(InputFiles::isImageName).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new SharpStepException(SharpStepException.Kind.INPUT, "Cannot list the folder " + p + ": " + e.getMessage() + ".", e);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    public static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1));
    }
}
