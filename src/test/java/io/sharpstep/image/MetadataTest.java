package io.sharpstep.image;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.exif.EXIF;
import com.twelvemonkeys.imageio.metadata.tiff.IFD;
import com.twelvemonkeys.imageio.metadata.tiff.Rational;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import io.sharpstep.core.FloatImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Metadata read with TwelveMonkeys and the JDK's XML parser: XMP edited by namespace, hostile XMP refused, EXIF
 * rewritten by the library or, with a maker note, patched in place, damaged blocks left out and logged.
 */
class MetadataTest {
    private static final String TIFF_NS = "http://ns.adobe.com/tiff/1.0/";
    private static final String EXIF_NS = "http://ns.adobe.com/exif/1.0/";
    /** A camera JPEG with a Canon maker note and a thumbnail, from Debian's mate-backgrounds. */
    private static final Path CANON = Path.of("/usr/share/backgrounds/mate/nature/Storm.jpg");

    @TempDir
    Path dir;

    /** The real log: System.Logger goes to java.util.logging when no other backend is installed. */
    private final Logger log = Logger.getLogger("io.sharpstep.image");
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        log.addHandler(capture);
    }

    @AfterEach
    void stop() {
        log.removeHandler(capture);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String xpath(Document doc, String expr) throws Exception {
        XPath x = XPathFactory.newInstance().newXPath();
        x.setNamespaceContext(new javax.xml.namespace.NamespaceContext() {
            private final Map<String, String> ns = Map.of("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                    "tiff", TIFF_NS, "exif", EXIF_NS, "dc", "http://purl.org/dc/elements/1.1/", "s", XmpPacket.NS);

            @Override
            public String getNamespaceURI(String prefix) {
                return ns.get(prefix);
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public java.util.Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        return (String) x.evaluate(expr, doc, XPathConstants.STRING);
    }

    @Test
    void xmpPropertiesAreSetByNamespaceAndTheRestIsKept() throws Exception {
        String xmp = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:tiff=\"" + TIFF_NS + "\" tiff:Orientation=\"6\""
                + " tiff:ImageWidth=\"30\">"
                + "<tiff:ImageLength>20</tiff:ImageLength></rdf:Description>"
                // The exif namespace under another prefix, and "tiff:" bound to a foreign namespace.
                + "<rdf:Description rdf:about=\"\" xmlns:e=\"" + EXIF_NS + "\" xmlns:tiff=\"urn:other\">"
                + "<e:PixelXDimension>30</e:PixelXDimension><ey:PixelYDimension xmlns:ey=\"" + EXIF_NS + "\">20</ey:PixelYDimension>"
                + "<tiff:ImageWidth>30</tiff:ImageWidth></rdf:Description>"
                + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                + "<dc:creator><rdf:Seq><rdf:li>Ada &amp; Grace &lt;x&gt;</rdf:li></rdf:Seq></dc:creator>"
                + "</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>\0\0";
        byte[] out = XmpPacket.forOutput(utf8(xmp), 120, 80, new Provenance("pack <x>", "id & more", "direct", 4, "fp32", "0.1", "CPU"));
        String text = new String(out, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("<?xpacket begin=\"\uFEFF\""), text);
        assertTrue(text.endsWith("<?xpacket end=\"w\"?>"), text);
        Document doc = XmpPacket.parse(out);
        assertEquals("1", xpath(doc, "//rdf:Description/@tiff:Orientation"));
        assertEquals("120", xpath(doc, "//rdf:Description/@tiff:ImageWidth"));
        assertEquals("80", xpath(doc, "//tiff:ImageLength"));
        assertEquals("120", xpath(doc, "//exif:PixelXDimension"));
        assertEquals("80", xpath(doc, "//exif:PixelYDimension"));
        assertEquals("30", xpath(doc, "//*[namespace-uri()='urn:other' and local-name()='ImageWidth']"),
                "a property is matched by its namespace, not by its prefix");
        assertEquals("Ada & Grace <x>", xpath(doc, "//dc:creator/rdf:Seq/rdf:li"));
        assertEquals("pack <x>", xpath(doc, "//s:Model"));
        assertEquals("id & more", xpath(doc, "//s:ModelId"));
        assertEquals("4x super-resolution (direct model)", xpath(doc, "//s:Process"));
        assertNull(XmpPacket.forOutput(null, 1, 1, null));
        assertEquals("m", xpath(XmpPacket.parse(XmpPacket.forOutput(null, 1, 1, new Provenance("m", "", "", 4, "", "", ""))),
                "//s:Model"));
    }

    @Test
    void xmpWithADoctypeIsNeverResolvedAndLeftOut() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String external = "<?xml version=\"1.0\"?><!DOCTYPE x:xmpmeta [<!ENTITY leak SYSTEM \"" + secret.toUri()
                + "\">]><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>&leak;</dc:title>"
                + "</rdf:Description></rdf:RDF></x:xmpmeta>";
        String laughs = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><r>&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;</r>";
        String remoteDtd = "<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\"><r/>";
        for (String hostile : List.of(external, laughs, remoteDtd)) {
            assertThrows(IOException.class, () -> XmpPacket.parse(utf8(hostile)));
            logged.clear();
            assertNull(XmpPacket.forOutput(utf8(hostile), 10, 10, null), "left out");
            assertTrue(logged.stream().anyMatch(l -> l.startsWith("INFO result: XMP left out (")
                    && l.contains("DOCTYPE")), String.valueOf(logged));
            byte[] noted = XmpPacket.forOutput(utf8(hostile), 10, 10, new Provenance("m", "i", "direct", 4, "fp32", "v", "CPU"));
            String text = new String(noted, StandardCharsets.UTF_8);
            assertFalse(text.contains("TOP-SECRET") || text.contains("aaaa") || text.contains("DOCTYPE"), text);
            assertTrue(text.contains(">m</sharpstep:Model>"), "the provenance note is written alone");
        }

        // The same packet in a photo: read, the XMP is left out with the file named in the log; nothing leaks.
        Path png = TestImages.writePng(dir, "hostile.png");
        Path tagged = dir.resolve("tagged.png");
        RawMetadata m = new RawMetadata(null, null, utf8(external), null, null);
        try (var out = Files.newOutputStream(tagged)) {
            PngMetadata.write(png, out, m);
        }
        logged.clear();
        LoadedImage img = ImageFiles.read(tagged, Long.MAX_VALUE);
        assertNull(img.metadata().xmp());
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("INFO " + tagged + ": XMP left out (")),
                String.valueOf(logged));
    }

    /** A small EXIF block: orientation, resolution, an EXIF sub-IFD with pixel sizes and a GPS sub-IFD. */
    private static byte[] exif(ByteOrder order, int orientation, byte[] thumbnail, boolean makerNote) throws IOException {
        List<Entry> sub = new ArrayList<>(List.of(new TIFFEntry(EXIF.TAG_PIXEL_X_DIMENSION, TIFF.TYPE_SHORT, 30),
                new TIFFEntry(EXIF.TAG_PIXEL_Y_DIMENSION, TIFF.TYPE_SHORT, 20),
                new TIFFEntry(0x9003, TIFF.TYPE_ASCII, "2024:05:06 07:08:09")));
        if (makerNote) {
            sub.add(new TIFFEntry(EXIF.TAG_MAKER_NOTE, TIFF.TYPE_UNDEFINED, new byte[40]));
        }
        List<Entry> gps = List.of(new TIFFEntry(1, TIFF.TYPE_ASCII, "N"),
                new TIFFEntry(2, TIFF.TYPE_RATIONAL, new Rational[] {new Rational(48), new Rational(8), new Rational(0)}));
        List<Entry> ifd0 = new ArrayList<>(List.of(new TIFFEntry(TIFF.TAG_MAKE, "SharpTest"),
                new TIFFEntry(TIFF.TAG_ORIENTATION, TIFF.TYPE_SHORT, orientation),
                new TIFFEntry(TIFF.TAG_X_RESOLUTION, TIFF.TYPE_RATIONAL, new Rational(300)),
                new TIFFEntry(TIFF.TAG_Y_RESOLUTION, TIFF.TYPE_RATIONAL, new Rational(300)),
                new TIFFEntry(TIFF.TAG_RESOLUTION_UNIT, TIFF.TYPE_SHORT, 2),
                new TIFFEntry(TIFF.TAG_EXIF_IFD, TIFF.TYPE_LONG, new IFD(sub)),
                new TIFFEntry(TIFF.TAG_GPS_IFD, TIFF.TYPE_LONG, new IFD(gps))));
        // The thumbnail is copied from a source block, where it lies at offset 8.
        IFD ifd1 = null;
        byte[] source = new byte[8 + (thumbnail == null ? 0 : thumbnail.length)];
        if (thumbnail != null) {
            System.arraycopy(thumbnail, 0, source, 8, thumbnail.length);
            ifd1 = new IFD(List.of(new TIFFEntry(TIFF.TAG_COMPRESSION, TIFF.TYPE_SHORT, 6),
                    new TIFFEntry(TIFF.TAG_JPEG_INTERCHANGE_FORMAT, TIFF.TYPE_LONG, 8L),
                    new TIFFEntry(TIFF.TAG_JPEG_INTERCHANGE_FORMAT_LENGTH, TIFF.TYPE_LONG, (long) thumbnail.length)));
        }
        return ExifBlock.build(ifd0, ifd1, source, order);
    }

    private static byte[] jpegThumbnail() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(TestImages.picture(), "jpeg", b);
        return b.toByteArray();
    }

    private static Object value(Directory d, int tag) {
        Entry e = d.getEntryById(tag);
        return e == null ? null : e.getValue();
    }

    @Test
    void exifWithoutMakerNoteIsRewrittenByTheLibrary() throws Exception {
        byte[] thumb = jpegThumbnail();
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            byte[] turned = ExifBlock.forOutput(exif(order, 6, thumb, false), 80, 120, 4);
            CompoundDirectory d = ExifBlock.read(turned);
            assertEquals(order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M', (char) turned[0], "byte order kept");
            assertEquals(1, d.directoryCount(), "the thumbnail of turned pixels is dropped");
            Directory ifd0 = d.getDirectory(0);
            assertEquals(1, ExifBlock.orientation(turned));
            assertEquals(new Resolution(1200, 1200), ExifBlock.resolution(turned));
            assertEquals("SharpTest", value(ifd0, TIFF.TAG_MAKE));
            Directory sub = (Directory) value(ifd0, TIFF.TAG_EXIF_IFD);
            assertEquals(80, ((Number) value(sub, EXIF.TAG_PIXEL_X_DIMENSION)).intValue());
            assertEquals(120, ((Number) value(sub, EXIF.TAG_PIXEL_Y_DIMENSION)).intValue());
            assertEquals("2024:05:06 07:08:09", value(sub, 0x9003));
            Directory gps = (Directory) value(ifd0, TIFF.TAG_GPS_IFD);
            assertEquals("N", value(gps, 1), "a second sub-IFD survives the flat layout");
            assertArrayEquals(new Rational[] {new Rational(48), new Rational(8), new Rational(0)},
                    (Rational[]) value(gps, 2));

            byte[] upright = ExifBlock.forOutput(exif(order, 1, thumb, false), 70000, 20, 2.5);
            d = ExifBlock.read(upright);
            assertEquals(2, d.directoryCount(), "an upright photo keeps its thumbnail");
            Directory ifd1 = d.getDirectory(1);
            int at = ((Number) value(ifd1, TIFF.TAG_JPEG_INTERCHANGE_FORMAT)).intValue();
            assertArrayEquals(thumb, Arrays.copyOfRange(upright, at, at + thumb.length));
            assertEquals(70000, ((Number) value((Directory) value(d.getDirectory(0), TIFF.TAG_EXIF_IFD),
                    EXIF.TAG_PIXEL_X_DIMENSION)).intValue(), "a SHORT too small for the width becomes a LONG");
            assertEquals(new Resolution(750, 750), ExifBlock.resolution(upright));
        }
    }

    @Test
    void exifWithAMakerNoteIsPatchedInPlace() throws Exception {
        byte[] in = exif(ByteOrder.LITTLE_ENDIAN, 6, jpegThumbnail(), true);
        byte[] out = ExifBlock.forOutput(in, 80, 120, 4);
        assertEquals(in.length, out.length, "nothing moves");
        int differing = 0;
        for (int i = 0; i < in.length; i++) {
            differing += in[i] != out[i] ? 1 : 0;
        }
        assertTrue(differing > 0 && differing <= 24, differing + " bytes changed");
        CompoundDirectory d = ExifBlock.read(out);
        assertEquals(1, d.directoryCount(), "the link to the thumbnail of turned pixels is cut");
        assertEquals(1, ExifBlock.orientation(out));
        assertEquals(new Resolution(1200, 1200), ExifBlock.resolution(out));
        Directory sub = (Directory) value(d.getDirectory(0), TIFF.TAG_EXIF_IFD);
        assertEquals(80, ((Number) value(sub, EXIF.TAG_PIXEL_X_DIMENSION)).intValue());
        assertEquals(120, ((Number) value(sub, EXIF.TAG_PIXEL_Y_DIMENSION)).intValue());

        // Latin-1 text (common in older cameras) is not UTF-8: TIFFReader could not give it back, so no rewrite.
        byte[] latin = exif(ByteOrder.BIG_ENDIAN, 1, null, false);
        latin[indexOf(latin, utf8("SharpTest")) + 5] = (byte) 0xA9;
        byte[] kept = ExifBlock.forOutput(latin, 80, 120, 4);
        assertEquals(latin.length, kept.length);
        assertEquals((byte) 0xA9, kept[indexOf(latin, utf8("Sharp")) + 5], "the © byte stays");
        assertEquals(new Resolution(1200, 1200), ExifBlock.resolution(kept));
    }

    @Test
    void cameraMakerNotesStayReadable() throws IOException {
        assumeTrue(Files.isRegularFile(CANON), CANON + " is not installed (apt-get install mate-backgrounds)");
        ExternalTools.assumeExiftool();
        LoadedImage img = ImageFiles.read(CANON, Long.MAX_VALUE);
        FloatImage small = FloatImage.zeros(3, img.width() / 8, img.height() / 8);
        JsonObject before = ExternalTools.tags(CANON);
        long makerNotes = before.keySet().stream().filter(k -> k.startsWith("MakerNotes:")).count();
        assertTrue(makerNotes > 50, makerNotes + " maker-note tags in the source");
        for (ImageFormat f : List.of(ImageFormat.JPEG, ImageFormat.PNG)) {
            Path out = dir.resolve("canon." + f.extension());
            ImageSaver.save(out, small, null, img.metadata(), new SaveOptions(f, 0.9f, 8));
            JsonObject after = ExternalTools.tags(out);
            assertFalse(after.has("ExifTool:Warning"), f + ": " + after.get("ExifTool:Warning"));
            for (Map.Entry<String, JsonElement> t : before.entrySet()) {
                if (t.getKey().startsWith("MakerNotes:")) {
                    assertEquals(t.getValue(), after.get(t.getKey()), f + " " + t.getKey());
                }
            }
            assertEquals(small.width(), after.get("EXIF:ExifImageWidth").getAsInt(), f.toString());
            assertEquals(1, after.get("EXIF:Orientation").getAsInt());
            assertEquals(before.get("EXIF:DateTimeOriginal"), after.get("EXIF:DateTimeOriginal"));
            assertEquals(9, after.get("EXIF:XResolution").getAsInt(), "72 dpi at 1/8 of the size");
        }
    }

    /** A JPEG of the test picture with one more APPn segment right after SOI. */
    private Path jpegWith(String name, int marker, byte[] payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(TestImages.picture(), "jpeg", b);
        byte[] jpeg = b.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + payload.length);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) marker).putShort((short) (payload.length + 2)).put(payload)
                .put(jpeg, 2, jpeg.length - 2);
        return Files.write(dir.resolve(name), out.array());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    @Test
    void damagedBlocksAreLeftOutAndLogged() throws IOException {
        ExternalTools.assumeExiftool();
        Path badExif = jpegWith("bad-exif.jpg", 0xE1, concat(utf8("Exif\0\0"), utf8("XX*\0\0\0\0\10garbage")));
        LoadedImage img = ImageFiles.read(badExif, Long.MAX_VALUE);
        assertEquals(TestImages.W, img.width(), "the photo itself is read");
        assertNull(img.metadata().exif());
        assertTrue(logged.contains("INFO " + badExif + ": EXIF left out (Invalid TIFF byte order mark 'XX',"
                + " expected: 'II' or 'MM')"), String.valueOf(logged));
        Path out = dir.resolve("bad-exif-out.jpg");
        ImageSaver.save(out, img.rgbImage(), null, img.metadata(), new SaveOptions(ImageFormat.JPEG, 0.9f, 8));
        assertFalse(ExternalTools.tags(out).has("EXIF:Orientation"), "no EXIF written");

        // IPTC records cut short inside an intact Photoshop resource.
        byte[] iptc = {0x1c, 2, 25, 0, 9, 'a', 'b'};
        byte[] resource = concat(utf8("8BIM"), new byte[] {4, 4, 0, 0, 0, 0, 0, (byte) iptc.length}, iptc, new byte[1]);
        Path badIptc = jpegWith("bad-iptc.jpg", 0xED, concat(utf8("Photoshop 3.0\0"), resource));
        logged.clear();
        assertNull(ImageFiles.read(badIptc, Long.MAX_VALUE).metadata().iptc());
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("INFO " + badIptc + ": IPTC left out (")),
                String.valueOf(logged));

        // One entry whose value lies outside the block: that entry goes, the rest of the EXIF stays.
        byte[] block = exif(ByteOrder.BIG_ENDIAN, 1, null, false);
        int make = indexOf(block, new byte[] {0x01, 0x0F, 0, 2});
        ByteBuffer.wrap(block).putInt(make + 8, 0x7FFF0000);
        logged.clear();
        byte[] kept = ExifBlock.forOutput(block, 10, 10, 1);
        assertNull(value(ExifBlock.read(kept).getDirectory(0), TIFF.TAG_MAKE));
        assertEquals(new Resolution(300, 300), ExifBlock.resolution(kept));
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("INFO result: EXIF tag 271 left out (")),
                String.valueOf(logged));
    }

    private static int indexOf(byte[] b, byte[] part) {
        for (int i = 0; i + part.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void pngCopyReplacesTheEncodersChunksAndKeepsThePixels() throws IOException {
        BufferedImage pic = TestImages.picture();
        Path png = TestImages.writePng(dir, "plain.png");
        Path out = dir.resolve("with.png");
        byte[] icc = PixelPlanes.SRGB.getData();
        try (var o = Files.newOutputStream(out)) {
            PngMetadata.write(png, o, new RawMetadata(icc, exif(ByteOrder.BIG_ENDIAN, 1, null, false),
                    XmpPacket.forOutput(null, 48, 32, new Provenance("m", "i", "direct", 4, "fp32", "v", "CPU")),
                    new byte[] {0x1c, 2, 25, 0, 3, 'a', 'b', 'c'}, new Resolution(1200, 1200)));
        }
        logged.clear();
        RawMetadata back = MetadataReader.read(out, "png");
        assertEquals(List.of(), logged);
        assertArrayEquals(icc, back.icc());
        assertEquals("SharpTest", value(ExifBlock.read(back.exif()).getDirectory(0), TIFF.TAG_MAKE));
        assertArrayEquals(new byte[] {0x1c, 2, 25, 0, 3, 'a', 'b', 'c'}, back.iptc());
        assertEquals(1200, back.resolution().xPpi(), 0.01);
        assertTrue(new String(back.xmp(), StandardCharsets.UTF_8).contains(">m</sharpstep:Model>"));
        BufferedImage read = ImageIO.read(out.toFile());
        assertEquals(pic.getRGB(5, 7), read.getRGB(5, 7));
    }
}
