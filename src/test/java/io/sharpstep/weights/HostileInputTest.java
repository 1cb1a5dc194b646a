package io.sharpstep.weights;

import io.sharpstep.core.SharpStepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files built to hurt a reader: each is refused with one sentence of kind INPUT, and nothing runs. */
class HostileInputTest {
    private static final Path RES = Path.of("src/test/resources");

    @TempDir
    Path tmp;

    private static String refusal(Runnable r) {
        SharpStepException e = assertThrows(SharpStepException.class, r::run);
        assertEquals(SharpStepException.Kind.INPUT, e.kind());
        String m = e.getMessage();
        assertTrue(m.endsWith(".") && !m.contains("\n") && !m.contains("Exception"), m);
        return m;
    }

    private static void openCheckpoint(Path p) {
        TorchCheckpoint.open(p).close();
    }

    @Test
    void aTorchFileThatCallsOsSystemIsRefusedWithoutRunningIt() {
        assertEquals("evil-global.pkl is not a valid PyTorch checkpoint: its pickle asks to run posix.system, which"
                + " is not on SharpStep's list of safe names.",
                refusal(() -> openCheckpoint(RES.resolve("weights/evil-global.pkl"))));
    }

    @Test
    void zipEntryNamesWithDotDotAreRefused() {
        assertEquals("evil-dotdot.pkl is not a valid PyTorch checkpoint: it has an entry with the unsafe name "
                + "'archive/../../evil.txt'.", refusal(() -> openCheckpoint(RES.resolve("weights/evil-dotdot.pkl"))));
        assertTrue(refusal(() -> openCheckpoint(zip("abs.pkl", Map.of("/etc/passwd", new byte[1],
                "a/data.pkl", pickle(tensorDict(2, 2, false)))))).contains("unsafe name '/etc/passwd'"));
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        byte[] pkl = Files.readAllBytes(RES.resolve("install/sources/osediff.pkl"));
        Path half = Files.write(tmp.resolve("osediff.pkl"), Arrays.copyOf(pkl, pkl.length / 2));
        assertEquals("osediff.pkl is not a valid PyTorch checkpoint: it is not a zip archive (no end of central "
                + "directory).", refusal(() -> openCheckpoint(half)));
        byte[] st = Files.readAllBytes(RES.resolve("install/sources/sd21/vae/diffusion_pytorch_model.safetensors"));
        Path cut = Files.write(tmp.resolve("vae.safetensors"), Arrays.copyOf(st, 1000));
        assertTrue(refusal(() -> SafetensorsFile.open(cut).close()).startsWith("vae.safetensors is not a valid "
                + "safetensors file: its header claims "));
        Path dataCut = Files.write(tmp.resolve("vae2.safetensors"), Arrays.copyOf(st, st.length - 100));
        assertTrue(refusal(() -> SafetensorsFile.open(dataCut).close()).contains("lies outside the file"));
    }

    @Test
    void hugeDeclaredSizesAreRefusedBeforeAnythingIsAllocated() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).putLong(0);
        Path header = Files.write(tmp.resolve("big.safetensors"), b.array());
        assertTrue(refusal(() -> SafetensorsFile.open(header).close()).contains("its header claims 1099511627776 bytes"));
        assertTrue(refusal(() -> SafetensorsFile.open(safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[3000000000000000,4000],"
                + "\"data_offsets\":[0,16]}}", 16)).close()).contains("impossible shape"));
        assertTrue(refusal(() -> openCheckpoint(zip("numel.pkl", Map.of("a/data.pkl", pickle(tensorDict(1L << 50, 2, false)),
                "a/data/0", new byte[8])))).contains("storage 0 holds 8 bytes where its pickle declares 4503599627370496"));
        String bytes8 = refusal(() -> openCheckpoint(zip("bytes8.pkl", Map.of("a/data.pkl", binbytes8(1L << 40)))));
        assertTrue(bytes8.contains("its pickle declares 1099511627776 bytes where only"), bytes8);
        try (TorchCheckpoint c = TorchCheckpoint.open(zip("view.pkl", Map.of("a/data.pkl", pickle(tensorDict(2, 100, false)),
                "a/data/0", new byte[8])))) {
            TorchCheckpoint.TensorRef t = (TorchCheckpoint.TensorRef) ((Map<?, ?>) c.root()).get("t");
            assertTrue(refusal(() -> c.tensor(t, "t")).contains("reaches past the end of its storage"));
        }
    }

    @Test
    void badSafetensorsHeadersAreRefused() throws IOException {
        assertTrue(refusal(() -> SafetensorsFile.open(safetensors("not json", 0)).close()).endsWith("its header is not a JSON object."));
        assertTrue(refusal(() -> SafetensorsFile.open(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)).close()).endsWith("a and b overlap."));
        assertTrue(refusal(() -> SafetensorsFile.open(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8))
                .close()).endsWith("a (f32 [3]) needs 12 bytes but has 8."));
        assertTrue(refusal(() -> SafetensorsFile.open(safetensors("{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1))
                .close()).contains("unknown dtype"));
    }

    @Test
    void aPlainTensorDictReadsBack() throws IOException {
        Path p = zip("ok.pkl", Map.of("a/data.pkl", pickle(tensorDict(2, 2, false)), "a/data/0",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array()));
        try (TorchCheckpoint c = TorchCheckpoint.open(p)) {
            TorchCheckpoint.TensorRef t = (TorchCheckpoint.TensorRef) ((Map<?, ?>) c.root()).get("t");
            StoredTensor s = c.tensor(t, "t");
            assertEquals(-2f, s.toFloats()[1]);
            assertFalse(Files.exists(tmp.resolve("pwned")));
        }
    }

    private Path safetensors(String header, int dataBytes) {
        try {
            return safetensorsFile(header, dataBytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path safetensorsFile(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return Files.write(Files.createTempFile(tmp, "h", ".safetensors"), b.array());
    }

    private Path zip(String name, Map<String, byte[]> entries) {
        try {
            return zipFile(name, entries);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path zipFile(String name, Map<String, byte[]> entries) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : new LinkedHashMap<>(entries).entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return p;
    }

    /** Protocol-2 pickle of {"t": _rebuild_tensor_v2(storage(numel), 0, (size,), (1,), False, OrderedDict())}. */
    private static byte[] tensorDict(long numel, long size, boolean unused) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) 0x80, 2, '}'});
        unicode(o, "t");
        global(o, "torch._utils", "_rebuild_tensor_v2");
        o.write('(');
        o.write('(');
        unicode(o, "storage");
        global(o, "torch", "FloatStorage");
        unicode(o, "0");
        unicode(o, "cpu");
        o.write(0x8a);
        o.write(8);
        o.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(numel).array());
        o.write('t');
        o.write('Q');
        o.writeBytes(new byte[] {'K', 0});
        o.write(0x8a);
        o.write(8);
        o.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(size).array());
        o.write(0x85);
        o.writeBytes(new byte[] {'K', 1, (byte) 0x85, (byte) 0x89});
        global(o, "collections", "OrderedDict");
        o.writeBytes(new byte[] {')', 'R', 't', 'R', 's', '.'});
        return o.toByteArray();
    }

    private static byte[] pickle(byte[] b) {
        return b;
    }

    private static byte[] binbytes8(long n) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) 0x80, 4, (byte) 0x8e});
        o.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array());
        o.writeBytes(new byte[] {1, 2, 3, '.'});
        return o.toByteArray();
    }

    private static void unicode(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.write('X');
        o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        o.writeBytes(b);
    }

    private static void global(ByteArrayOutputStream o, String module, String name) {
        o.write('c');
        o.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
