package io.sharpstep.image;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Photoshop image resource blocks ("8BIM"), the container of IPTC in JPEG APP13. */
final class PhotoshopResources {
    static final int IPTC = 0x0404;

    private PhotoshopResources() {
    }

    /** The data of resource {@code id} in {@code b} from {@code off}, or null. */
    static byte[] find(byte[] b, int off, int id) {
        int p = off;
        while (p + 12 <= b.length && FileBytes.startsWith(b, p, "8BIM")) {
            int rid = FileBytes.u16be(b, p + 4);
            int nameLen = b[p + 6] & 0xFF;
            int q = p + 6 + ((nameLen + 2) & ~1);
            if (q + 4 > b.length) {
                return null;
            }
            long size = FileBytes.u32be(b, q);
            if (size > b.length - q - 4) {
                return null;
            }
            if (rid == id) {
                return Arrays.copyOfRange(b, q + 4, q + 4 + (int) size);
            }
            p = q + 4 + (int) ((size + 1) & ~1L);
        }
        return null;
    }

    /** One resource block with an empty name. */
    static byte[] resource(int id, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'8', 'B', 'I', 'M', (byte) (id >> 8), (byte) id, 0, 0});
        int n = data.length;
        out.writeBytes(new byte[] {(byte) (n >>> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n});
        out.writeBytes(data);
        if ((n & 1) != 0) {
            out.write(0);
        }
        return out.toByteArray();
    }
}
