package io.sharpstep.image;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** ImageMagick and ExifTool, which make and inspect test files; tests skip when they are missing. */
final class ExternalTools {
    private static Boolean convert;
    private static Boolean exiftool;

    private ExternalTools() {
    }

    static void assumeConvert() {
        if (convert == null) {
            convert = works("ImageMagick", "convert", "-version");
        }
        Assumptions.assumeTrue(convert, "ImageMagick 'convert' is not installed (apt-get install imagemagick)");
    }

    static void assumeExiftool() {
        if (exiftool == null) {
            exiftool = works(".", "exiftool", "-ver");
        }
        Assumptions.assumeTrue(exiftool, "'exiftool' is not installed (apt-get install libimage-exiftool-perl)");
    }

    private static boolean works(String expect, String... cmd) {
        try {
            return run(cmd).contains(expect);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static String convert(Object... args) throws IOException {
        assumeConvert();
        return run(args("convert", args));
    }

    static String exiftool(Object... args) throws IOException {
        assumeExiftool();
        return run(args("exiftool", args));
    }

    /** All tags of {@code file} as exiftool -j -n -G0 reports them ("EXIF:Make", …). */
    static JsonObject tags(Path file) throws IOException {
        JsonArray a = JsonParser.parseString(exiftool("-j", "-n", "-G0", "-a", file)).getAsJsonArray();
        return a.get(0).getAsJsonObject();
    }

    private static String[] args(String tool, Object... args) {
        List<String> l = new ArrayList<>();
        l.add(tool);
        for (Object o : args) {
            l.add(o.toString());
        }
        return l.toArray(new String[0]);
    }

    static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " timed out");
            }
            String s = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + s);
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
