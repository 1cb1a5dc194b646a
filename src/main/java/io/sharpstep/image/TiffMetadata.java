package io.sharpstep.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.Rational;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFWriter;

import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Metadata in TIFF tags. A TIFF keeps its EXIF as IFD0 tags plus an EXIF sub-IFD; SharpStep carries it as an
 * EXIF block like every other format, built from those tags on reading and spread back into them on writing.
 */
final class TiffMetadata {
    /** IFD0 tags that belong to the photo's description rather than to its pixel layout. */
    private static final Set<Integer> DESCRIPTIVE = Set.of(TIFF.TAG_IMAGE_DESCRIPTION, TIFF.TAG_MAKE, TIFF.TAG_MODEL,
            TIFF.TAG_ORIENTATION, TIFF.TAG_SOFTWARE, TIFF.TAG_DATE_TIME, TIFF.TAG_ARTIST, TIFF.TAG_COPYRIGHT,
            TIFF.TAG_EXIF_IFD, TIFF.TAG_GPS_IFD, TIFF.TAG_X_RESOLUTION, TIFF.TAG_Y_RESOLUTION,
            TIFF.TAG_RESOLUTION_UNIT);
    /** Tags this class writes itself. */
    private static final Set<Integer> OURS = Set.of(TIFF.TAG_ICC_PROFILE, TIFF.TAG_XMP, TIFF.TAG_IPTC,
            TIFF.TAG_X_RESOLUTION, TIFF.TAG_Y_RESOLUTION, TIFF.TAG_RESOLUTION_UNIT, TIFF.TAG_EXIF_IFD,
            TIFF.TAG_GPS_IFD, TIFF.TAG_IMAGE_DESCRIPTION, TIFF.TAG_MAKE, TIFF.TAG_MODEL, TIFF.TAG_DATE_TIME,
            TIFF.TAG_ARTIST, TIFF.TAG_COPYRIGHT, TIFF.TAG_ORIENTATION);

    private TiffMetadata() {
    }

    static RawMetadata read(ImageInputStream in) throws IOException {
        Directory ifd0 = firstIfd(new TIFFReader().read(in));
        ByteOrder order = in.getByteOrder();
        List<Entry> exif = new ArrayList<>();
        for (Entry e : ifd0) {
            if (DESCRIPTIVE.contains((Integer) e.getIdentifier())) {
                exif.add(e);
            }
        }
        Resolution res = null;
        Entry x = ifd0.getEntryById(TIFF.TAG_X_RESOLUTION);
        Entry y = ifd0.getEntryById(TIFF.TAG_Y_RESOLUTION);
        Entry unit = ifd0.getEntryById(TIFF.TAG_RESOLUTION_UNIT);
        if (x != null && y != null) {
            res = Resolution.of(number(x.getValue()), number(y.getValue()),
                    unit == null ? 2 : (int) number(unit.getValue()));
        }
        return new RawMetadata(bytes(ifd0.getEntryById(TIFF.TAG_ICC_PROFILE), order), exif.isEmpty() ? null : toBlock(exif),
                bytes(ifd0.getEntryById(TIFF.TAG_XMP), order), bytes(ifd0.getEntryById(TIFF.TAG_IPTC), order), res);
    }

    private static Directory firstIfd(Directory d) {
        return d instanceof CompoundDirectory c && c.directoryCount() > 0 ? c.getDirectory(0) : d;
    }

    private static double number(Object v) {
        if (v instanceof Rational r) {
            return r.doubleValue();
        }
        return v instanceof Number n ? n.doubleValue() : -1;
    }

    private static byte[] bytes(Entry e, ByteOrder order) {
        Object v = e == null ? null : e.getValue();
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof int[] || v instanceof long[]) {
            // IPTC is often stored as LONGs; its bytes are the words in the file's byte order.
            long[] l = v instanceof int[] ints ? java.util.Arrays.stream(ints).mapToLong(i -> i & 0xFFFFFFFFL).toArray()
                    : (long[]) v;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (long w : l) {
                byte[] word = {(byte) (w >> 24), (byte) (w >> 16), (byte) (w >> 8), (byte) w};
                if (order == ByteOrder.LITTLE_ENDIAN) {
                    word = new byte[] {word[3], word[2], word[1], word[0]};
                }
                out.writeBytes(word);
            }
            return out.toByteArray();
        }
        return null;
    }

    private static byte[] toBlock(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            new TIFFWriter().write(entries, out);
        }
        return bytes.toByteArray();
    }

    /**
     * Gives the single-image TIFF {@code file} our metadata: a new IFD0 with the encoder's layout tags and ours is
     * appended and the header pointed at it (the old IFD stays as unused bytes; the pixels are not moved).
     */
    static void append(File file, RawMetadata m) throws IOException {
        List<Entry> entries = new ArrayList<>();
        ByteOrder order;
        try (ImageInputStream in = new javax.imageio.stream.FileImageInputStream(file)) {
            Directory ifd0 = firstIfd(new TIFFReader().read(in));
            order = in.getByteOrder();
            for (Entry e : ifd0) {
                if (!OURS.contains((Integer) e.getIdentifier())) {
                    entries.add(e);
                }
            }
        }
        if (m.exif() != null) {
            Directory exif = firstIfd(new TIFFReader().read(
                    new MemoryCacheImageInputStream(new ByteArrayInputStream(m.exif()))));
            for (Entry e : exif) {
                if (OURS.contains((Integer) e.getIdentifier())) {
                    entries.add(e);
                }
            }
        }
        entries.removeIf(e -> Set.of(TIFF.TAG_X_RESOLUTION, TIFF.TAG_Y_RESOLUTION, TIFF.TAG_RESOLUTION_UNIT,
                TIFF.TAG_ORIENTATION).contains((Integer) e.getIdentifier()));
        entries.add(new TIFFEntry(TIFF.TAG_ORIENTATION, TIFF.TYPE_SHORT, 1));
        if (m.resolution() != null) {
            entries.add(new TIFFEntry(TIFF.TAG_X_RESOLUTION, TIFF.TYPE_RATIONAL, rational(m.resolution().xPpi())));
            entries.add(new TIFFEntry(TIFF.TAG_Y_RESOLUTION, TIFF.TYPE_RATIONAL, rational(m.resolution().yPpi())));
            entries.add(new TIFFEntry(TIFF.TAG_RESOLUTION_UNIT, TIFF.TYPE_SHORT, 2));
        }
        if (m.icc() != null) {
            entries.add(new TIFFEntry(TIFF.TAG_ICC_PROFILE, TIFF.TYPE_UNDEFINED, m.icc()));
        }
        if (m.xmp() != null) {
            entries.add(new TIFFEntry(TIFF.TAG_XMP, TIFF.TYPE_BYTE, m.xmp()));
        }
        if (m.iptc() != null) {
            entries.add(new TIFFEntry(TIFF.TAG_IPTC, TIFF.TYPE_UNDEFINED, m.iptc()));
        }
        try (FileImageOutputStream out = new FileImageOutputStream(file)) {
            out.setByteOrder(order);
            long end = out.length();
            out.seek(end);
            if ((end & 1) != 0) {
                out.write(0);
            }
            long ifd = writeFlat(entries, out, new TIFFWriter());
            out.seek(4);
            out.writeInt((int) ifd);
        }
    }

    /**
     * Writes sub-IFDs (EXIF, GPS, Interop) first and points at them, so the writer only ever lays out one flat
     * IFD (its own nested layout misplaces values in files with large blocks such as an ICC profile).
     */
    private static long writeFlat(List<Entry> entries, ImageOutputStream out, TIFFWriter writer) throws IOException {
        List<Entry> flat = new ArrayList<>();
        for (Entry e : entries) {
            if (e.getValue() instanceof Directory d) {
                List<Entry> child = new ArrayList<>();
                d.forEach(child::add);
                flat.add(new TIFFEntry((Integer) e.getIdentifier(), TIFF.TYPE_LONG, writeFlat(child, out, writer)));
            } else {
                flat.add(e);
            }
        }
        if ((out.getStreamPosition() & 1) != 0) {
            out.write(0);
        }
        long ifd = writer.writeIFD(flat, out);
        out.writeInt(0);
        return ifd;
    }

    private static Rational rational(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? new Rational(Math.round(v), 1) : new Rational(Math.round(v * 1000), 1000);
    }
}
