package io.sharpstep.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFWriter;

import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    static RawMetadata read(ImageInputStream in, Path file) throws IOException {
        Directory ifd0 = firstIfd(new TIFFReader().read(in));
        ByteOrder order = in.getByteOrder();
        List<Entry> descriptive = new ArrayList<>();
        ifd0.forEach(e -> {
            if (DESCRIPTIVE.contains((Integer) e.getIdentifier())) {
                descriptive.add(e);
            }
        });
        List<Entry> exif = ExifBlock.writable(descriptive, file);
        return new RawMetadata(bytes(ifd0.getEntryById(TIFF.TAG_ICC_PROFILE), order),
                exif.isEmpty() ? null : ExifBlock.build(exif, null, null, order),
                bytes(ifd0.getEntryById(TIFF.TAG_XMP), order), bytes(ifd0.getEntryById(TIFF.TAG_IPTC), order),
                ExifBlock.resolution(ifd0));
    }

    private static Directory firstIfd(Directory d) {
        return d instanceof CompoundDirectory c && c.directoryCount() > 0 ? c.getDirectory(0) : d;
    }

    private static byte[] bytes(Entry e, ByteOrder order) {
        Object v = e == null ? null : e.getValue();
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof int[] || v instanceof long[]) {
            // IPTC is often stored as LONGs; its bytes are the words in the file's byte order.
            long[] l = v instanceof int[] ints ? Arrays.stream(ints).mapToLong(i -> i & 0xFFFFFFFFL).toArray()
                    : (long[]) v;
            ByteBuffer out = ByteBuffer.allocate(l.length * 4).order(order);
            for (long w : l) {
                out.putInt((int) w);
            }
            return out.array();
        }
        return null;
    }

    /**
     * Gives the single-image TIFF {@code file} our metadata: a new IFD0 with the encoder's layout tags and ours is
     * appended and the header pointed at it (the old IFD stays as unused bytes; the pixels are not moved).
     */
    static void append(File file, RawMetadata m) throws IOException {
        List<Entry> entries = new ArrayList<>();
        ByteOrder order;
        try (ImageInputStream in = new FileImageInputStream(file)) {
            Directory ifd0 = firstIfd(new TIFFReader().read(in));
            order = in.getByteOrder();
            for (Entry e : ExifBlock.writable(ifd0, "result")) {
                if (!OURS.contains((Integer) e.getIdentifier())) {
                    entries.add(e);
                }
            }
        }
        if (m.exif() != null) {
            for (Entry e : ExifBlock.writable(ExifBlock.read(m.exif()).getDirectory(0), "result")) {
                if (OURS.contains((Integer) e.getIdentifier())) {
                    entries.add(e);
                }
            }
        }
        entries.removeIf(e -> Set.of(TIFF.TAG_X_RESOLUTION, TIFF.TAG_Y_RESOLUTION, TIFF.TAG_RESOLUTION_UNIT,
                TIFF.TAG_ORIENTATION).contains((Integer) e.getIdentifier()));
        entries.add(new TIFFEntry(TIFF.TAG_ORIENTATION, TIFF.TYPE_SHORT, 1));
        if (m.resolution() != null) {
            entries.add(new TIFFEntry(TIFF.TAG_X_RESOLUTION, TIFF.TYPE_RATIONAL, ExifBlock.rational(m.resolution().xPpi())));
            entries.add(new TIFFEntry(TIFF.TAG_Y_RESOLUTION, TIFF.TYPE_RATIONAL, ExifBlock.rational(m.resolution().yPpi())));
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
            long ifd = writeIfd(entries, out, new TIFFWriter(), 0);
            out.seek(4);
            out.writeInt((int) ifd);
        }
    }

    /**
     * Writes one IFD at the stream's position, its sub-IFDs (EXIF, GPS, Interop) first, and returns its offset.
     * Each IFD is laid out flat by TIFFWriter: 3.12.0 misplaces the values that follow a nested sub-IFD (fixed
     * upstream after that release).
     */
    static long writeIfd(List<Entry> entries, ImageOutputStream out, TIFFWriter writer, long next) throws IOException {
        List<Entry> flat = new ArrayList<>();
        for (Entry e : entries) {
            if (e.getValue() instanceof Directory d) {
                List<Entry> child = new ArrayList<>();
                d.forEach(child::add);
                flat.add(new TIFFEntry((Integer) e.getIdentifier(), TIFF.TYPE_LONG, writeIfd(child, out, writer, 0)));
            } else {
                flat.add(e);
            }
        }
        if ((out.getStreamPosition() & 1) != 0) {
            out.write(0);
        }
        long ifd = writer.writeIFD(flat, out);
        out.writeInt((int) next);
        return ifd;
    }
}
