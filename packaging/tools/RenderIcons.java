import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.batik.transcoder.TranscoderException;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.image.ImageTranscoder;

/**
 * Build tool (run by Maven in the {@code package} profile, single-file source launch with Apache Batik on the
 * class path): renders {@code icons/sharpstep.svg} to the PNG sizes the desktops use (16..1024), a Windows
 * {@code .ico} and a macOS {@code .icns}, both made of PNG entries.
 * <p>Usage: {@code java -cp BATIK RenderIcons.java icons/sharpstep.svg OUT_DIR}
 */
public final class RenderIcons {
    private static final int[] PNG_SIZES = {16, 24, 32, 48, 64, 128, 256, 512, 1024};
    private static final int[] ICO_SIZES = {16, 24, 32, 48, 64, 128, 256};

    private RenderIcons() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: RenderIcons SVG OUT_DIR");
            System.exit(2);
        }
        Path svg = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        Map<Integer, byte[]> png = new LinkedHashMap<>();
        for (int size : PNG_SIZES) {
            byte[] bytes = encode(render(svg, size));
            png.put(size, bytes);
            Files.write(out.resolve("sharpstep-" + size + ".png"), bytes);
        }
        Files.write(out.resolve("sharpstep.png"), png.get(256));
        writeIco(png, out.resolve("sharpstep.ico"));
        writeIcns(png, out.resolve("sharpstep.icns"));
        System.out.println("icons rendered from " + svg + " into " + out);
    }

    private static BufferedImage render(Path svg, int size) throws TranscoderException {
        Capture t = new Capture();
        t.addTranscodingHint(ImageTranscoder.KEY_WIDTH, (float) size);
        t.addTranscodingHint(ImageTranscoder.KEY_HEIGHT, (float) size);
        t.transcode(new TranscoderInput(svg.toUri().toString()), null);
        return t.image;
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    /** ICO with PNG entries (Windows Vista and later). */
    private static void writeIco(Map<Integer, byte[]> png, Path file) throws IOException {
        int n = ICO_SIZES.length;
        ByteBuffer head = ByteBuffer.allocate(6 + 16 * n).order(ByteOrder.LITTLE_ENDIAN);
        head.putShort((short) 0).putShort((short) 1).putShort((short) n);
        int offset = 6 + 16 * n;
        for (int size : ICO_SIZES) {
            byte[] data = png.get(size);
            head.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size));
            head.put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) 32);
            head.putInt(data.length).putInt(offset);
            offset += data.length;
        }
        try (OutputStream os = Files.newOutputStream(file)) {
            os.write(head.array());
            for (int size : ICO_SIZES) {
                os.write(png.get(size));
            }
        }
    }

    /** ICNS with PNG entries (macOS 10.7 and later). */
    private static void writeIcns(Map<Integer, byte[]> png, Path file) throws IOException {
        Map<String, Integer> types = new LinkedHashMap<>();
        types.put("icp4", 16);
        types.put("icp5", 32);
        types.put("icp6", 64);
        types.put("ic07", 128);
        types.put("ic08", 256);
        types.put("ic09", 512);
        types.put("ic10", 1024);
        types.put("ic11", 32);
        types.put("ic12", 64);
        types.put("ic13", 256);
        types.put("ic14", 512);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        for (Map.Entry<String, Integer> e : types.entrySet()) {
            byte[] data = png.get(e.getValue());
            d.writeBytes(e.getKey());
            d.writeInt(8 + data.length);
            d.write(data);
        }
        try (DataOutputStream os = new DataOutputStream(Files.newOutputStream(file))) {
            os.writeBytes("icns");
            os.writeInt(8 + body.size());
            body.writeTo(os);
        }
    }

    /** Keeps the rendered image instead of encoding it. */
    private static final class Capture extends ImageTranscoder {
        private BufferedImage image;

        @Override
        public BufferedImage createImage(int width, int height) {
            return new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        }

        @Override
        public void writeImage(BufferedImage img, org.apache.batik.transcoder.TranscoderOutput output) {
            image = img;
        }
    }
}
