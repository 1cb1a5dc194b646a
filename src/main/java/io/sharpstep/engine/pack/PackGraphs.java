package io.sharpstep.engine.pack;

import io.sharpstep.core.SharpStepException;

import java.util.Map;

/**
 * Checks every graph of a pack against its role's {@link GraphContract} from the ONNX headers alone (no ONNX
 * Runtime session), so that listing packs shows a broken one as broken, with the sentence loading it would
 * give.
 */
public final class PackGraphs {
    private PackGraphs() {
    }

    /**
     * @throws SharpStepException of kind PACK naming the first graph that does not fit
     */
    public static void check(ModelPack pack) {
        PackManifest m = pack.manifest();
        if (m.kind() == PackKind.BICUBIC) {
            return;
        }
        for (Map.Entry<String, String> g : m.graphs().entrySet()) {
            GraphHeader h = GraphHeader.read(pack.file(g.getValue()), pack.id());
            GraphContract.of(m, g.getKey()).check(h.inputs(), h.outputs());
        }
    }
}
