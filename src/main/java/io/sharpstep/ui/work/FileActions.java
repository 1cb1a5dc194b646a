package io.sharpstep.ui.work;

import io.sharpstep.core.SharpStepException;
import io.sharpstep.image.ImageFiles;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.image.ImageSaver;
import io.sharpstep.image.LoadedImage;
import io.sharpstep.image.OutputNames;
import io.sharpstep.image.PhotoMetadata;
import io.sharpstep.image.SaveOptions;
import io.sharpstep.ui.model.ResultImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** File work behind Save as…, Save all… and paste; runs off the FX thread and never overwrites a file. */
public final class FileActions {
    private static Path pasteDir;
    private static int pasted;

    private FileActions() {
    }

    /** A free name for {@code wanted}: itself if nothing is there, else "name (2).ext", … */
    public static Path free(Path wanted) {
        if (!Files.exists(wanted)) {
            return wanted;
        }
        String n = wanted.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String ext = dot > 0 ? n.substring(dot + 1) : "png";
        return OutputNames.next(wanted.toAbsolutePath().getParent(), OutputNames.stem(wanted), "", ext);
    }

    /** The format a file name asks for (PNG when it names none we write). */
    public static ImageFormat formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") ? ImageFormat.JPEG
                : n.endsWith(".tif") || n.endsWith(".tiff") ? ImageFormat.TIFF : ImageFormat.PNG;
    }

    /**
     * Writes a result to {@code target} (or a free name beside it) in the format its extension names: a
     * finished photo is re-encoded from the file the job wrote (full bit depth), a region preview from its
     * pixels. Returns the file written.
     */
    public static Path saveAs(ResultImage result, Path target, float quality, boolean keepMetadata) {
        Path out = free(target);
        ImageFormat f = formatOf(out);
        if (result.file() != null) {
            LoadedImage img = ImageFiles.read(result.file(), Long.MAX_VALUE);
            // Without "keep metadata" the colour profile still goes along: the colours depend on it.
            ImageSaver.save(out, img.rgbImage(), img.alphaImage(), img.metadata(),
                    new SaveOptions(f, quality, img.bitsPerValue() > 8 ? 16 : 8).withKeepMetadata(keepMetadata));
        } else if (result.region() != null) {
            ImageSaver.save(out, result.region(), null, PhotoMetadata.NONE, new SaveOptions(f, quality, 8));
        } else {
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "This result is not finished yet: wait for the photo to complete.");
        }
        return out;
    }

    /** Copies each finished result file into {@code dir} under a free name. Returns the files written. */
    public static List<Path> copyAll(List<Path> files, Path dir) {
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            try {
                Path target = free(dir.resolve(f.getFileName().toString()));
                if (target.toAbsolutePath().normalize().equals(f.toAbsolutePath().normalize())) {
                    continue;
                }
                Files.copy(f, target);
                out.add(target);
            } catch (IOException e) {
                throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Cannot copy " + f.getFileName() + " to " + dir + ": "
                        + e.getMessage() + ".", e);
            }
        }
        return out;
    }

    /** Writes a pasted image to a temporary PNG (removed when the app exits) and returns it. */
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
            throw new SharpStepException(SharpStepException.Kind.OUTPUT, "Cannot keep the pasted image: " + e.getMessage() + ".", e);
        }
    }
}
