package io.sharpstep.convert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the plain-text ncnn {@code .param} format: magic {@code 7767517}, a line {@code layers blobs},
 * then one line per layer: {@code type name nbottom ntop bottoms... tops... k=v...}.
 */
public final class NcnnParamParser {

    /** The magic number on the first line of every text {@code .param} file. */
    public static final int MAGIC = 7767517;

    private NcnnParamParser() {
    }

    /**
     * @param file a {@code .param} file
     * @return the parsed net
     */
    public static NcnnNet parse(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConversionException("Cannot read ncnn param file " + file + ".", e);
        }
    }

    /**
     * @param text   the file's text
     * @param source where it came from, for messages
     * @return the parsed net
     */
    public static NcnnNet parse(String text, String source) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line.trim());
            }
        }
        if (lines.isEmpty() || !lines.get(0).equals(Integer.toString(MAGIC))) {
            throw new ConversionException(source + " is not an ncnn text param file (first line must be "
                    + MAGIC + ").");
        }
        if (lines.size() < 2) {
            throw new ConversionException(source + " has no layer/blob count line.");
        }
        String[] counts = lines.get(1).split("\\s+");
        int layerCount;
        int blobCount;
        try {
            layerCount = Integer.parseInt(counts[0]);
            blobCount = Integer.parseInt(counts[1]);
        } catch (RuntimeException e) {
            throw new ConversionException(source + " line 2 must be '<layer count> <blob count>', found '"
                    + lines.get(1) + "'.", e);
        }
        if (lines.size() - 2 != layerCount) {
            throw new ConversionException(source + " declares " + layerCount + " layers but holds "
                    + (lines.size() - 2) + " layer lines.");
        }
        List<NcnnLayer> layers = new ArrayList<>(layerCount);
        for (int i = 2; i < lines.size(); i++) {
            layers.add(parseLayer(lines.get(i), source, i + 1));
        }
        return new NcnnNet(layers, blobCount);
    }

    private static NcnnLayer parseLayer(String line, String source, int lineNo) {
        String[] t = line.split("\\s+");
        String where = source + " line " + lineNo;
        if (t.length < 4) {
            throw new ConversionException(where + " is not a layer line: '" + line + "'.");
        }
        int nb;
        int nt;
        try {
            nb = Integer.parseInt(t[2]);
            nt = Integer.parseInt(t[3]);
        } catch (NumberFormatException e) {
            throw new ConversionException(where + " has bad blob counts: '" + line + "'.", e);
        }
        if (nb < 0 || nt < 0 || t.length < 4 + nb + nt) {
            throw new ConversionException(where + " lists fewer blobs than its counts say: '" + line + "'.");
        }
        List<String> bottoms = Arrays.asList(t).subList(4, 4 + nb);
        List<String> tops = Arrays.asList(t).subList(4 + nb, 4 + nb + nt);
        Map<Integer, String[]> params = new HashMap<>();
        for (int i = 4 + nb + nt; i < t.length; i++) {
            parseParam(t[i], params, where);
        }
        return new NcnnLayer(t[0], t[1], bottoms, tops, new NcnnParams(params));
    }

    private static void parseParam(String kv, Map<Integer, String[]> params, String where) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new ConversionException(where + " has a parameter without '=': '" + kv + "'.");
        }
        try {
            int key = Integer.parseInt(kv.substring(0, eq));
            String value = kv.substring(eq + 1);
            if (key <= NcnnParams.ARRAY_KEY_BASE) {
                int id = NcnnParams.ARRAY_KEY_BASE - key;
                String[] parts = value.split(",");
                int n = Integer.parseInt(parts[0]);
                if (parts.length != n + 1) {
                    throw new ConversionException(where + " array parameter " + kv.substring(0, eq)
                            + " declares " + n + " values but has " + (parts.length - 1) + ".");
                }
                for (int j = 1; j <= n; j++) {
                    Float.parseFloat(parts[j]);
                }
                params.put(id, Arrays.copyOfRange(parts, 1, parts.length));
            } else {
                if (!value.startsWith("\"")) {
                    Float.parseFloat(value);
                }
                params.put(key, new String[] {value});
            }
        } catch (NumberFormatException e) {
            throw new ConversionException(where + " has a malformed parameter '" + kv + "'.", e);
        }
    }
}
