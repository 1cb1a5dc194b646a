package io.sharpstep.image;

import java.io.IOException;
import java.io.OutputStream;

/** Copying byte ranges between files in bounded pieces. */
final class Streams {
    private static final int PIECE = 1 << 20;

    private Streams() {
    }

    static void copy(FileBytes in, long pos, long n, OutputStream out) throws IOException {
        for (long done = 0; done < n; ) {
            int step = (int) Math.min(PIECE, n - done);
            out.write(in.read(pos + done, step));
            done += step;
        }
    }
}
