package io.sharpstep.image;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adapts an XMP packet to a result by editing its text: the few size and orientation properties are replaced,
 * everything else stays byte for byte (a full RDF round trip would reorder and drop what it does not know).
 */
final class XmpPacket {
    /** Namespace of SharpStep's provenance properties. */
    static final String NS = "https://sharpstep.io/ns/xmp/1.0/";

    private XmpPacket() {
    }

    /** The packet for a result of {@code w × h} upright pixels, with a provenance note if one is given. */
    static byte[] forOutput(byte[] xmp, int w, int h, Provenance provenance) {
        if (xmp == null && provenance == null) {
            return null;
        }
        String s = xmp == null ? empty() : new String(xmp, StandardCharsets.UTF_8);
        s = replace(s, "tiff:Orientation", "1");
        s = replace(s, "tiff:ImageWidth", Integer.toString(w));
        s = replace(s, "tiff:ImageLength", Integer.toString(h));
        s = replace(s, "exif:PixelXDimension", Integer.toString(w));
        s = replace(s, "exif:PixelYDimension", Integer.toString(h));
        if (provenance != null) {
            int end = s.lastIndexOf("</rdf:RDF>");
            if (end < 0) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            s = s.substring(0, end) + description(provenance) + s.substring(end);
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String replace(String s, String property, String value) {
        String q = Pattern.quote(property);
        s = Pattern.compile("(" + q + "\\s*=\\s*[\"'])[^\"']*([\"'])").matcher(s)
                .replaceAll("$1" + Matcher.quoteReplacement(value) + "$2");
        return Pattern.compile("(<" + q + ">)[^<]*(</" + q + ">)").matcher(s)
                .replaceAll("$1" + Matcher.quoteReplacement(value) + "$2");
    }

    private static String description(Provenance p) {
        return "  <rdf:Description rdf:about=\"\" xmlns:sharpstep=\"" + NS + "\">\n"
                + "   <sharpstep:Model>" + escape(p.model()) + "</sharpstep:Model>\n"
                + "   <sharpstep:ModelId>" + escape(p.modelId()) + "</sharpstep:ModelId>\n"
                + "   <sharpstep:ModelKind>" + escape(p.kind()) + "</sharpstep:ModelKind>\n"
                + "   <sharpstep:Scale>" + p.scale() + "</sharpstep:Scale>\n"
                + "   <sharpstep:Precision>" + escape(p.precision()) + "</sharpstep:Precision>\n"
                + "   <sharpstep:Version>" + escape(p.version()) + "</sharpstep:Version>\n"
                + "   <sharpstep:Device>" + escape(p.device()) + "</sharpstep:Device>\n"
                + "   <sharpstep:Process>" + escape(p.process()) + "</sharpstep:Process>\n"
                + "  </rdf:Description>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String empty() {
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                + " </rdf:RDF>\n"
                + "</x:xmpmeta>\n"
                + "<?xpacket end=\"w\"?>";
    }
}
