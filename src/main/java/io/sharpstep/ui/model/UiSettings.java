package io.sharpstep.ui.model;

import io.sharpstep.core.ColorFix;
import io.sharpstep.core.DeviceSpec;
import io.sharpstep.core.SharpStepException;
import io.sharpstep.core.VaeStatisticsMode;
import io.sharpstep.image.ImageFormat;
import io.sharpstep.jobs.JobSettings;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything the window remembers between runs, with its defaults, and how it is kept in a properties file.
 * A value that cannot be read falls back to its default; nothing here fails.
 *
 * @param pack          pack id; "" = the catalogue's default
 * @param device        where to run
 * @param tile          model tile side (0 = the pack's)
 * @param vaeTile       VAE tile side (0 = from the memory budget)
 * @param memoryMb      memory one model run may use, MB (0 = the device's default)
 * @param colorFix      colour fix (null = the pack's)
 * @param vaeStatistics GroupNorm statistics of tiled VAE runs (diffusion packs whose graphs take them)
 * @param outputDir     where results go (null = beside each photo)
 * @param format        output format (null = same family as the input)
 * @param jpegQuality   0..1
 * @param keepMetadata  carry EXIF, XMP, IPTC over
 * @param modelInName   put the model's name in output file names
 * @param window        where the window was (null = not yet)
 * @param lastFolder    last folder a dialog was in (null = none)
 * @param speeds        measured seconds per output megapixel, by "pack@device"
 */
public record UiSettings(String pack, DeviceSpec device, int tile, int vaeTile, int memoryMb, ColorFix colorFix,
                         VaeStatisticsMode vaeStatistics, Path outputDir, ImageFormat format, float jpegQuality, boolean keepMetadata,
                         boolean modelInName, WindowPlace window, Path lastFolder, Map<String, Double> speeds) {
    /** Where the window was and how big. */
    public record WindowPlace(double x, double y, double width, double height, boolean maximized) {
    }

    public static final UiSettings DEFAULTS = new UiSettings("", DeviceSpec.AUTO, 0, 0, 0, null,
            VaeStatisticsMode.SHARED, null, null,
            JobSettings.DEFAULT.jpegQuality(), true, false, null, null, Map.of());
    public static final float MIN_QUALITY = 0.5f;

    public UiSettings {
        speeds = Map.copyOf(speeds);
        vaeStatistics = vaeStatistics == null ? VaeStatisticsMode.SHARED : vaeStatistics;
        jpegQuality = Math.max(MIN_QUALITY, Math.min(1, jpegQuality));
    }

    /** Settings from a properties file's values; each unreadable one takes its default. */
    public static UiSettings from(Properties p) {
        UiSettings d = DEFAULTS;
        Map<String, Double> speeds = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("speed.")) {
                Double v = read(p, k, Double::parseDouble, null);
                if (v != null && v > 0 && v < 1e6) {
                    speeds.put(k.substring(6), v);
                }
            }
        }
        WindowPlace w = read(p, "window", UiSettings::place, null);
        return new UiSettings(p.getProperty("pack", d.pack()), read(p, "device", DeviceSpec::parse, d.device()),
                read(p, "tile", UiSettings::size, d.tile()), read(p, "vaeTile", UiSettings::size, d.vaeTile()),
                read(p, "memoryMb", UiSettings::size, d.memoryMb()),
                read(p, "colorFix", s -> s.isBlank() ? null : ColorFix.lookup(s), d.colorFix()),
                read(p, "vaeStatistics", VaeStatisticsMode::lookup, d.vaeStatistics()),
                read(p, "outputDir", s -> s.isBlank() ? null : Paths.get(s), d.outputDir()),
                read(p, "format", s -> s.isBlank() ? null : ImageFormat.lookup(s), d.format()),
                read(p, "quality", Float::parseFloat, d.jpegQuality()),
                !"false".equals(p.getProperty("keepMetadata")), "true".equals(p.getProperty("modelInName")), w,
                read(p, "lastFolder", s -> s.isBlank() ? null : Paths.get(s), null), speeds);
    }

    /** The values to write. */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("pack", pack);
        p.setProperty("device", device.toString());
        p.setProperty("tile", String.valueOf(tile));
        p.setProperty("vaeTile", String.valueOf(vaeTile));
        p.setProperty("memoryMb", String.valueOf(memoryMb));
        p.setProperty("colorFix", colorFix == null ? "" : colorFix.key());
        p.setProperty("vaeStatistics", vaeStatistics.key());
        p.setProperty("outputDir", outputDir == null ? "" : outputDir.toString());
        p.setProperty("format", format == null ? "" : format.extension());
        p.setProperty("quality", String.valueOf(jpegQuality));
        p.setProperty("keepMetadata", String.valueOf(keepMetadata));
        p.setProperty("modelInName", String.valueOf(modelInName));
        if (window != null) {
            p.setProperty("window", String.format(Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%b", window.x(), window.y(),
                    window.width(), window.height(), window.maximized()));
        }
        if (lastFolder != null) {
            p.setProperty("lastFolder", lastFolder.toString());
        }
        speeds.forEach((k, v) -> p.setProperty("speed." + k, String.valueOf(v)));
        return p;
    }

    public UiSettings withWindow(WindowPlace w) {
        return new UiSettings(pack, device, tile, vaeTile, memoryMb, colorFix, vaeStatistics, outputDir, format,
                jpegQuality, keepMetadata, modelInName, w, lastFolder, speeds);
    }

    private static <T> T read(Properties p, String key, Function<String, T> parse, T fallback) {
        String v = p.getProperty(key);
        if (v == null) {
            return fallback;
        }
        try {
            return parse.apply(v.trim());
        } catch (RuntimeException e) {
            // SharpStepException (unknown name), NumberFormatException, InvalidPathException: the default.
            return fallback;
        }
    }

    private static int size(String s) {
        int v = Integer.parseInt(s);
        if (v < 0) {
            throw new SharpStepException(SharpStepException.Kind.OPTION, "negative");
        }
        return v;
    }

    private static WindowPlace place(String s) {
        String[] f = s.split(",");
        WindowPlace w = new WindowPlace(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Boolean.parseBoolean(f[4]));
        if (w.width() < 100 || w.height() < 100) {
            throw new IllegalArgumentException("too small");
        }
        return w;
    }
}
