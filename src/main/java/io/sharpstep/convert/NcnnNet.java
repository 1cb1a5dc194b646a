package io.sharpstep.convert;

import java.util.List;

/**
 * A parsed ncnn {@code .param} file: its layers in file order (which is also the order of their weights in
 * the {@code .bin} file).
 *
 * @param layers    the layers
 * @param blobCount the blob count the header declares
 */
public record NcnnNet(List<NcnnLayer> layers, int blobCount) {

    /** Copies the layer list. */
    public NcnnNet {
        layers = List.copyOf(layers);
    }
}
