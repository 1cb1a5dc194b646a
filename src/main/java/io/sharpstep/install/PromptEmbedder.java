package io.sharpstep.install;

import io.sharpstep.engine.ort.TextEncoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The pack's fixed prompt embedding: the text-encoder graph (bound from the user's SD 2.1 text encoder) run
 * once on the CPU over the prompt's token ids; the last hidden state, float32 [1, 77, width], little-endian.
 */
final class PromptEmbedder {
    private PromptEmbedder() {
    }

    /** Runs {@code textEncoder} on {@code ids} and writes the embedding to {@code out} (a new file). */
    static void embed(Path textEncoder, long[] ids, int width, Path out) throws IOException {
        float[] values;
        try (TextEncoder encoder = new TextEncoder(textEncoder)) {
            values = encoder.embed(ids, width);
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        }
    }
}
