package io.sharpstep.engine.pack;

import java.util.Map;

/**
 * A direct pack: one graph from image to enlarged image (e.g. Real-ESRGAN).
 *
 * @param model the graph file
 * @param tiles the tile size, overlap, padding multiple and mirrored border it recommends
 */
public record DirectManifest(PackInfo info, String model, DirectTiles tiles) implements PackManifest {
    @Override
    public PackKind kind() {
        return PackKind.DIRECT;
    }

    @Override
    public Map<String, String> graphs() {
        return Map.of("model", model);
    }
}
