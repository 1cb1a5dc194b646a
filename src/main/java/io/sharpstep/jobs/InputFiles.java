package io.sharpstep.jobs;

import io.sharpstep.core.SharpStepException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands the paths a user gives (files and folders) into the photos to process. In a folder, files that are
 * SharpStep's own results of a photo beside them ({@code b_x4.png}, {@code b_bicubic_x4.png},
 * {@code b_compare_x4 (2).png} next to {@code b.jpg}) are skipped, so that running again on a folder does not
 * enlarge earlier results once more. Files named one by one are always taken.
 */
public final class InputFiles {
    /** Extensions picked up from folders. Files named explicitly are tried whatever their name. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "tif", "tiff", "webp", "bmp", "psd");

    /** The stem of a result name: original stem, kind of result, scale, and a collision number. */
    private static final Pattern RESULT = Pattern.compile("(.+?)_(?:bicubic_|compare_)?x\\d{1,2}(?: \\(\\d+\\))?");

    /**
     * What a list of paths holds.
     *
     * @param photos         the photos to process, in order
     * @param skippedResults files in the folders given that are earlier results of a photo beside them
     * @param emptyFolders   folders given that hold no photo to process
     */
    public record Found(List<Path> photos, List<Path> skippedResults, List<Path> emptyFolders) {
    }

    private InputFiles() {
    }

    /** The photos to process (see {@link #scan}). */
    public static List<Path> expand(List<Path> paths) {
        return scan(paths).photos();
    }

    /** Expands files and folders, skipping earlier results in folders. */
    public static Found scan(List<Path> paths) {
        List<Path> photos = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        List<Path> empty = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                photos.add(p);
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(p)) {
                files = s.filter(Files::isRegularFile).filter(InputFiles::isImageName).sorted().toList();
            } catch (IOException e) {
                throw new SharpStepException(SharpStepException.Kind.INPUT, "Cannot list the folder " + p + ".", e);
            }
            Set<String> stems = new HashSet<>();
            for (Path f : files) {
                stems.add(stem(f));
            }
            int before = photos.size();
            for (Path f : files) {
                if (isResultOfSibling(stem(f), stems)) {
                    skipped.add(f);
                } else {
                    photos.add(f);
                }
            }
            if (photos.size() == before) {
                empty.add(p);
            }
        }
        return new Found(List.copyOf(photos), List.copyOf(skipped), List.copyOf(empty));
    }

    /** Whether a file of stem {@code stem} is a SharpStep result of a photo whose stem is among {@code stems}. */
    static boolean isResultOfSibling(String stem, Set<String> stems) {
        Matcher m = RESULT.matcher(stem);
        return m.matches() && stems.contains(m.group(1));
    }

    public static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1));
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
