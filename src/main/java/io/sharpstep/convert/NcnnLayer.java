package io.sharpstep.convert;

import java.util.List;

/**
 * One layer line of an ncnn {@code .param} file.
 *
 * @param type    layer type, e.g. {@code Convolution}
 * @param name    layer name, unique in the file
 * @param bottoms input blob names
 * @param tops    output blob names
 * @param params  the layer's parameters
 */
public record NcnnLayer(String type, String name, List<String> bottoms, List<String> tops, NcnnParams params) {

    /** Copies the blob lists. */
    public NcnnLayer {
        bottoms = List.copyOf(bottoms);
        tops = List.copyOf(tops);
    }
}
