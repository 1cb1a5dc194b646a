package io.sharpstep.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Converts an ncnn image-to-image model ({@code .param} + {@code .bin}) into an ONNX graph with input
 * {@code image} float[1,3,H,W] in [0,1] and output {@code output} float[1,3,sH,sW] clipped to [0,1]
 * (the clamp ncnn's Real-ESRGAN post-processing applies). Weights become fp32 initializers.
 *
 * <p>Command line: {@code NcnnToOnnx <model.param> <model.bin> <out.onnx> [scale]}.
 */
public final class NcnnToOnnx {

    /** Name of the graph input. */
    public static final String INPUT = "image";
    /** Name of the graph output. */
    public static final String OUTPUT = "output";

    private NcnnToOnnx() {
    }

    /**
     * @param param the {@code .param} file
     * @param bin   the {@code .bin} file
     * @param scale the model's upscale factor, used only to name the output dimensions
     * @return the ONNX model
     */
    public static ModelProto convert(Path param, Path bin, int scale) {
        return convert(NcnnParamParser.parse(param), NcnnWeightReader.open(bin), scale,
                param.getFileName().toString());
    }

    /**
     * @param net     the parsed net
     * @param weights its weights, positioned at the start
     * @param scale   upscale factor, used only to name the output dimensions
     * @param name    graph name
     * @return the ONNX model
     */
    public static ModelProto convert(NcnnNet net, NcnnWeightReader weights, int scale, String name) {
        OnnxGraph g = new OnnxGraph(name);
        LayerEmitter emitter = new LayerEmitter(g, weights);
        Set<String> produced = new HashSet<>();
        Set<String> consumed = new HashSet<>();
        boolean haveInput = false;
        for (NcnnLayer l : net.layers()) {
            if (l.type().equals("Input")) {
                if (haveInput || l.tops().size() != 1) {
                    throw new ConversionException("Layer " + l.name()
                            + " of type Input is not the single one-blob input this converter supports.");
                }
                haveInput = true;
                g.declare(true, INPUT, 1L, 3L, "H", "W");
                emitter.bind(l.tops().get(0), INPUT);
            } else {
                emitter.emit(l);
            }
            consumed.addAll(l.bottoms());
            if (!l.type().equals("Split")) {
                produced.addAll(l.tops());
            }
        }
        if (!haveInput) {
            throw new ConversionException("Model " + name + " has no Input layer.");
        }
        if (weights.remaining() != 0) {
            throw new ConversionException("Model " + name + " leaves " + weights.remaining()
                    + " bytes of its weight file unread, so its layers and weights do not match.");
        }
        produced.removeAll(consumed);
        if (produced.size() != 1) {
            throw new ConversionException("Model " + name + " must end in exactly one output blob, found "
                    + produced + ".");
        }
        NcnnLayer last = net.layers().get(net.layers().size() - 1);
        String result = emitter.tensor(last, produced.iterator().next());
        g.node("Clip", List.of(result, g.floats("zero", new long[0], new float[] {0f}),
                g.floats("one", new long[0], new float[] {1f})), List.of(OUTPUT));
        g.declare(false, OUTPUT, 1L, 3L, scale + "H", scale + "W");
        return g.build("sharpstep-ncnn2onnx", "Converted from ncnn model " + name + " by SharpStep.");
    }

    /**
     * Writes a model to a file (via a temporary file, then a move).
     *
     * @param model the model
     * @param out   target file
     */
    public static void write(ModelProto model, Path out) {
        try {
            Path dir = out.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(out.getFileName() + ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp)) {
                model.writeTo(os);
            }
            Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConversionException("Cannot write ONNX model " + out + ".", e);
        }
    }

    /**
     * @param args {@code <model.param> <model.bin> <out.onnx> [scale]}
     */
    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: NcnnToOnnx <model.param> <model.bin> <out.onnx> [scale, default 4]");
            System.exit(2);
        }
        try {
            int scale = args.length == 4 ? Integer.parseInt(args[3]) : 4;
            ModelProto m = convert(Path.of(args[0]), Path.of(args[1]), scale);
            write(m, Path.of(args[2]));
            System.out.println("wrote " + args[2] + " (" + m.getGraph().getNodeCount() + " nodes)");
        } catch (ConversionException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
