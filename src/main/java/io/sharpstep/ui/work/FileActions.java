package io.sharpstep.ui.work;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.Sizes;
import io.sharpstep.image.ImageFiles;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.image.ImageSaver;
import io.sharpstep.image.LoadedImage;
import io.sharpstep.image.OutputNames;
import io.sharpstep.image.PhotoMetadata;
import io.sharpstep.image.SaveOptions;
import io.sharpstep.jobs.JobPlan;
import io.sharpstep.raster.Picture;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File work behind Save as…, Save all… and paste; runs off the FX thread and never writes over a file: a taken
 * name becomes "name (2).ext", and every file is written beside its target first and then moved into place.
 */
public final class FileActions {
    /** "name (3)" → "name": numbers a collision added earlier are not stacked ("name (2) (2)"). */
    private static final Pattern NUMBERED = Pattern.compile("(.*) \\((\\d+)\\)");
    private static Path pasteDir;
    private static int pasted;

    private FileActions() {
    }

    /** What can be saved: a written result, and/or pixels in memory with the metadata they should carry. */
    public record Source(Path written, Picture pixels, PhotoMetadata metadata) {
    }

    /** What Save all… did: the files copied, and how many were there already (the same file, byte for byte). */
    public record Copied(List<Path> written, int alreadyThere) {
    }

    /** The format a file name asks for (its extension), PNG when it names none we write. */
    public static ImageFormat formatOf(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        try {
            return dot < 0 ? ImageFormat.PNG : ImageFormat.lookup(n.substring(dot + 1));
        } catch (SharpStepException unknown) {
            return ImageFormat.PNG;
        }
    }

    /** The base name without a collision number: "photo_x4 (2)" → "photo_x4". */
    static String baseStem(Path file) {
        String stem = OutputNames.stem(file);
        Matcher m = NUMBERED.matcher(stem);
        return m.matches() ? m.group(1) : stem;
    }

    /**
     * Writes a result to {@code target}, or to the first free name after it ("name (2).ext"), in the format its
     * extension names: a written file in that same format is copied as it is; otherwise the pixels are encoded
     * again (from memory when given, else decoded from the written file, at its bit depth). Returns the file.
     */
    public static Path saveAs(Source src, Path target, float quality, boolean keepMetadata) {
        ImageFormat f = formatOf(target);
        Path dir = target.toAbsolutePath().getParent();
        Iterator<String> names = OutputNames.candidates(baseStem(target), "", extension(target, f));
        if (src.written() != null && formatOf(src.written()) == f) {
            return copy(src.written(), dir, names);
        }
        if (src.pixels() != null) {
            return ImageSaver.save(dir, names, src.pixels(), src.metadata(),
                    new SaveOptions(f, quality, src.pixels().bits()).withKeepMetadata(keepMetadata));
        }
        if (src.written() == null) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT,
                    "This result is not finished yet: wait for the photo to complete.");
        }
        return reencode(src.written(), dir, names, f, quality, keepMetadata);
    }

    private static Path reencode(Path written, Path dir, Iterator<String> names, ImageFormat f, float quality,
                                 boolean keepMetadata) {
        long need;
        try {
            var h = ImageFiles.header(written, Long.MAX_VALUE);
            need = h.decodedBytes() + (64L << 20);
        } catch (SharpStepException e) {
            throw new SharpStepException(SharpStepException.Kind.INPUT, "Cannot read the result "
                    + written.getFileName() + " again: " + e.getMessage(), e);
        }
        long free = JobPlan.heapAvailable(need);
        if (need > free) {
            throw new SharpStepException(SharpStepException.Kind.MEMORY, "Converting " + written.getFileName()
                    + " needs about " + Sizes.bytes(need) + " of memory, but Java may use only " + Sizes.bytes(free)
                    + " more: save it as " + formatOf(written).name() + ", or give Java more memory (-Xmx).");
        }
        LoadedImage img = ImageFiles.read(written, Long.MAX_VALUE);
        Picture pic = new PixelPicture(img.rgb(), f.supportsAlpha() ? img.alpha() : null, img.bitsPerValue());
        // Without "keep metadata" the colour profile still goes along: the colours depend on it.
        return ImageSaver.save(dir, names, pic, img.metadata(),
                new SaveOptions(f, quality, img.bitsPerValue() > 8 ? 16 : 8).withKeepMetadata(keepMetadata));
    }

    private static String extension(Path target, ImageFormat f) {
        String n = target.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(dot + 1) : f.extension();
    }

    /** Copies {@code file} into {@code dir} under the first free name: beside it first, then moved into place. */
    private static Path copy(Path file, Path dir, Iterator<String> names) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".sharpstep-", ".part");
            try {
                Files.copy(file, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                for (int tries = 0; tries < 10_000; tries++) {
                    Path target = dir.resolve(names.next());
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    try {
                        // A hard link fails if the name was taken meanwhile, where a rename would replace it.
                        Files.createLink(target, tmp);
                        return target;
                    } catch (FileAlreadyExistsException taken) {
                        // Someone was quicker: the next name.
                    } catch (UnsupportedOperationException | IOException noLinks) {
                        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                            Files.move(tmp, target);
                            return target;
                        }
                    }
                }
                throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Every name for " + file.getFileName()
                        + " is taken in " + dir + ".");
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Cannot copy " + file.getFileName() + " to "
                    + dir + ": " + e.getMessage() + ".", e);
        }
    }

    /**
     * Copies each finished result into {@code dir} under a free name; a file already there with the same name and
     * the same bytes is not copied again (so running Save all twice adds nothing).
     */
    public static Copied copyAll(List<Path> files, Path dir) {
        List<Path> out = new ArrayList<>();
        int there = 0;
        for (Path f : files) {
            Path same = dir.resolve(f.getFileName().toString());
            if (same.toAbsolutePath().normalize().equals(f.toAbsolutePath().normalize()) || sameBytes(f, same)) {
                there++;
                continue;
            }
            String n = f.getFileName().toString();
            int dot = n.lastIndexOf('.');
            out.add(copy(f, dir, OutputNames.candidates(baseStem(f), "", dot > 0 ? n.substring(dot + 1) : "png")));
        }
        return new Copied(out, there);
    }

    private static boolean sameBytes(Path a, Path b) {
        try {
            if (!Files.isRegularFile(b) || Files.size(a) != Files.size(b)) {
                return false;
            }
            return Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes a pasted image to a temporary PNG (removed when the app exits; its results go elsewhere). */
    public static synchronized Path writePasted(BufferedImage img) {
        try {
            if (pasteDir == null) {
                pasteDir = Files.createTempDirectory("sharpstep-paste");
                pasteDir.toFile().deleteOnExit();
            }
            Path file = pasteDir.resolve("pasted-" + (++pasted) + ".png");
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Cannot keep the pasted image: "
                    + e.getMessage() + ".", e);
        }
    }

    /**
     * Where results of pasted images go when no output folder is set: a "SharpStep" folder in the user's
     * pictures folder (XDG_PICTURES_DIR on Linux), never the temporary folder the pasted file lives in.
     */
    public static Path pastedResultsFolder() {
        String home = System.getProperty("user.home");
        Path pictures = Paths.get(home, "Pictures");
        Path dirs = Paths.get(System.getenv().getOrDefault("XDG_CONFIG_HOME", home + "/.config"), "user-dirs.dirs");
        if (Files.isRegularFile(dirs)) {
            try (InputStream in = Files.newInputStream(dirs)) {
                for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    Matcher m = Pattern.compile("XDG_PICTURES_DIR=\"(.*)\"").matcher(line.strip());
                    if (m.matches()) {
                        pictures = Paths.get(m.group(1).replace("$HOME", home));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The default stands.
            }
        }
        return pictures.resolve("SharpStep");
    }

    /**
     * Paths in pasted text: one per line, plain or file:// URIs, that exist. Lines that are not paths are left out.
     */
    public static List<Path> pathsIn(String text) {
        List<Path> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            try {
                Path p = s.toLowerCase(Locale.ROOT).startsWith("file:") ? Paths.get(java.net.URI.create(s))
                        : Paths.get(s.startsWith("~/") ? System.getProperty("user.home") + s.substring(1) : s);
                if (Files.exists(p)) {
                    out.add(p);
                }
            } catch (RuntimeException notAPath) {
                // Some other text.
            }
        }
        return out;
    }
}
