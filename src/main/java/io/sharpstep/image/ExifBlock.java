package io.sharpstep.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.exif.EXIF;
import com.twelvemonkeys.imageio.metadata.tiff.IFD;
import com.twelvemonkeys.imageio.metadata.tiff.Rational;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFWriter;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.IIOException;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * EXIF blocks (TIFF structure, without the JPEG "Exif\0\0" header), read with TwelveMonkeys' TIFFReader and, for
 * a result, written anew with its TIFFWriter: orientation 1, pixel dimensions and resolution adapted, the
 * thumbnail dropped when the pixels were turned (it would show the old orientation), damaged entries left out.
 * Blocks with a maker note are patched in place instead, see {@link ExifPatch}.
 */
final class ExifBlock {
    /** Tags whose value is the offset of another IFD; TIFFReader replaces the valid ones by that IFD. */
    private static final Set<Integer> POINTERS = Set.of(TIFF.TAG_EXIF_IFD, TIFF.TAG_GPS_IFD, TIFF.TAG_INTEROP_IFD,
            TIFF.TAG_SUB_IFD);

    private ExifBlock() {
    }

    /** The block's IFDs, IFD0 first; IOException if it is not a TIFF structure with an IFD0. */
    static CompoundDirectory read(byte[] tiff) throws IOException {
        Directory d = new TIFFReader().read(new ByteArrayImageInputStream(tiff));
        if (!(d instanceof CompoundDirectory c) || c.directoryCount() == 0) {
            throw new IIOException("EXIF has no readable IFD0");
        }
        return c;
    }

    /** The orientation tag of {@code tiff} (1..8), 1 when absent or damaged. */
    static int orientation(byte[] tiff) {
        Directory ifd0 = ifd0(tiff);
        Entry o = ifd0 == null ? null : ifd0.getEntryById(TIFF.TAG_ORIENTATION);
        double v = o == null ? 1 : number(o.getValue());
        return v >= 1 && v <= 8 ? (int) v : 1;
    }

    /** The resolution stated in IFD0 of {@code tiff}, or null. */
    static Resolution resolution(byte[] tiff) {
        return resolution(ifd0(tiff));
    }

    /** The resolution stated in {@code ifd}, or null. */
    static Resolution resolution(Directory ifd) {
        Entry x = ifd == null ? null : ifd.getEntryById(TIFF.TAG_X_RESOLUTION);
        Entry y = ifd == null ? null : ifd.getEntryById(TIFF.TAG_Y_RESOLUTION);
        Entry unit = ifd == null ? null : ifd.getEntryById(TIFF.TAG_RESOLUTION_UNIT);
        if (x == null || y == null) {
            return null;
        }
        return Resolution.of(number(x.getValue()), number(y.getValue()), unit == null ? 2 : (int) number(unit.getValue()));
    }

    private static Directory ifd0(byte[] tiff) {
        try {
            return tiff == null ? null : read(tiff).getDirectory(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static double number(Object v) {
        return v instanceof Rational r ? r.doubleValue() : v instanceof Number n ? n.doubleValue() : -1;
    }

    /**
     * A block for a result of {@code w × h} upright pixels with its resolution multiplied by
     * {@code resolutionFactor}. Null in, null out; a block that cannot be read is left out (and logged).
     */
    static byte[] forOutput(byte[] tiff, int w, int h, double resolutionFactor) {
        if (tiff == null) {
            return null;
        }
        try {
            CompoundDirectory dirs = read(tiff);
            Directory ifd0 = dirs.getDirectory(0);
            if (hasMakerNote(ifd0) || hasUndecodableText(ifd0)) {
                return ExifPatch.forOutput(tiff, w, h, resolutionFactor);
            }
            Entry o = ifd0.getEntryById(TIFF.TAG_ORIENTATION);
            boolean turned = o != null && number(o.getValue()) != 1;
            List<Entry> entries = adapted(writable(ifd0, "result"), w, h, resolutionFactor);
            Directory ifd1 = turned || dirs.directoryCount() < 2 ? null : dirs.getDirectory(1);
            return build(entries, ifd1, tiff, tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        } catch (IOException | RuntimeException e) {
            MetadataReader.leftOut("result", "EXIF", e);
            return null;
        }
    }

    private static boolean hasMakerNote(Directory ifd0) {
        Entry exif = ifd0.getEntryById(TIFF.TAG_EXIF_IFD);
        return exif != null && exif.getValue() instanceof Directory d && d.getEntryById(EXIF.TAG_MAKER_NOTE) != null;
    }

    /** TIFFReader decodes text as UTF-8; a block with other bytes in its text would lose them when rewritten. */
    private static boolean hasUndecodableText(Directory ifd) {
        for (Entry e : ifd) {
            Object v = e.getValue();
            if (v instanceof Directory d && hasUndecodableText(d)
                    || v instanceof String s && s.indexOf('\uFFFD') >= 0
                    || v instanceof String[] a && String.join("", a).indexOf('\uFFFD') >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The entries of an IFD and its sub-IFDs for a result. */
    private static List<Entry> adapted(Iterable<Entry> ifd, int w, int h, double factor) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : ifd) {
            int tag = (Integer) e.getIdentifier();
            short type = ((TIFFEntry) e).getType();
            Object v = e.getValue();
            if (v instanceof Directory sub) {
                out.add(new TIFFEntry(tag, type, new IFD(adapted(sub, w, h, factor))));
            } else if (tag == TIFF.TAG_ORIENTATION) {
                out.add(new TIFFEntry(tag, TIFF.TYPE_SHORT, 1));
            } else if ((tag == TIFF.TAG_IMAGE_WIDTH || tag == EXIF.TAG_PIXEL_X_DIMENSION) && v instanceof Number) {
                out.add(size(tag, type, w));
            } else if ((tag == TIFF.TAG_IMAGE_HEIGHT || tag == EXIF.TAG_PIXEL_Y_DIMENSION) && v instanceof Number) {
                out.add(size(tag, type, h));
            } else if ((tag == TIFF.TAG_X_RESOLUTION || tag == TIFF.TAG_Y_RESOLUTION) && number(v) > 0) {
                out.add(new TIFFEntry(tag, TIFF.TYPE_RATIONAL, rational(number(v) * factor)));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static Entry size(int tag, short type, int value) {
        return new TIFFEntry(tag, type == TIFF.TYPE_SHORT && value <= 0xFFFF ? TIFF.TYPE_SHORT : TIFF.TYPE_LONG, value);
    }

    static Rational rational(double v) {
        boolean whole = Math.abs(v - Math.rint(v)) < 1e-9 && v < 4e9;
        return whole ? new Rational(Math.round(v), 1) : new Rational(Math.min(Math.round(v * 1000), 0xFFFFFFFFL), 1000);
    }

    /**
     * The entries TIFFWriter can write again: TIFFReader keeps a value it could not read as the exception or as a
     * placeholder of its own, and an IFD pointer it could not follow as a bare number that would point nowhere
     * once the block is laid out anew. Those are left out (and logged, naming {@code where}); sub-IFDs alike.
     */
    static List<Entry> writable(Iterable<Entry> entries, Object where) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            Object v = e.getValue();
            boolean pointer = POINTERS.contains((Integer) e.getIdentifier());
            short type = ((TIFFEntry) e).getType();
            boolean known = v instanceof Number || v instanceof String || v instanceof String[] || v instanceof Rational[]
                    || v != null && v.getClass().isArray() && v.getClass().getComponentType().isPrimitive();
            boolean ok = v instanceof Directory || known && (type < TIFF.TYPE_IFD || type == TIFF.TYPE_IFD && v instanceof Number);
            if (!ok || pointer && !(v instanceof Directory)) {
                MetadataReader.leftOut(where, "EXIF tag " + e.getIdentifier(),
                        v instanceof Exception x ? x : new IIOException("unreadable value " + v));
            } else if (v instanceof Directory d) {
                out.add(new TIFFEntry((Integer) e.getIdentifier(), type, new IFD(writable(d, where))));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * A new block of IFD0 {@code entries} (sub-IFDs included) and, if given, the thumbnail IFD1 whose JPEG bytes
     * are copied from {@code source}.
     */
    static byte[] build(List<Entry> entries, Directory ifd1, byte[] source, ByteOrder order) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            out.setByteOrder(order);
            TIFFWriter writer = new TIFFWriter();
            writer.writeTIFFHeader(out);
            out.writeInt(0);
            long next = ifd1 == null ? 0 : thumbnail(ifd1, source, out, writer);
            long at = TiffMetadata.writeIfd(entries, out, writer, next);
            out.seek(4);
            out.writeInt((int) at);
        }
        return bytes.toByteArray();
    }

    /** Writes IFD1 with its JPEG thumbnail; returns its offset, or 0 when it is left out. */
    private static long thumbnail(Directory ifd1, byte[] source, ImageOutputStream out, TIFFWriter writer)
            throws IOException {
        List<Entry> entries = writable(ifd1, "result");
        Entry at = ifd1.getEntryById(TIFF.TAG_JPEG_INTERCHANGE_FORMAT);
        Entry len = ifd1.getEntryById(TIFF.TAG_JPEG_INTERCHANGE_FORMAT_LENGTH);
        long off = at == null ? -1 : (long) number(at.getValue());
        long n = len == null ? -1 : (long) number(len.getValue());
        if (ifd1.getEntryById(TIFF.TAG_STRIP_OFFSETS) != null || (at != null && (off < 8 || n < 0
                || off + n > source.length))) {
            MetadataReader.leftOut("result", "EXIF thumbnail", new IIOException("its data is not a JPEG in the block"));
            return 0;
        }
        if (at != null) {
            entries.remove(at);
            entries.add(new TIFFEntry(TIFF.TAG_JPEG_INTERCHANGE_FORMAT, TIFF.TYPE_LONG, out.getStreamPosition()));
            out.write(source, (int) off, (int) n);
        }
        return TiffMetadata.writeIfd(entries, out, writer, 0);
    }
}
