package io.sharpstep.image;

import com.twelvemonkeys.imageio.metadata.xmp.XMP;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Adapts an XMP packet to a result with the JDK's XML parser: the size and orientation properties are set (as
 * attributes or elements, matched by namespace, not by prefix), a provenance description is added on request,
 * the rest is kept as parsed. The parser refuses DTDs, so no entity is expanded and nothing outside the packet is
 * ever read; a packet it refuses is left out.
 */
final class XmpPacket {
    /** Namespace of SharpStep's provenance properties. */
    static final String NS = "https://sharpstep.io/ns/xmp/1.0/";

    private XmpPacket() {
    }

    /** Parses a packet; IOException if it is not well-formed XML or declares a DTD. */
    static Document parse(byte[] xmp) throws IOException {
        int end = xmp.length;
        while (end > 0 && xmp[end - 1] == 0) {
            end--; // Some writers pad the packet with NULs, which XML does not allow after the root.
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " refused");
            });
            b.setErrorHandler(new DefaultHandler()); // Fatal errors are thrown, nothing is printed.
            return b.parse(new ByteArrayInputStream(xmp, 0, end));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("XMP is not usable XML: " + e.getMessage(), e);
        }
    }

    /**
     * The packet for a result of {@code w × h} upright pixels, with a provenance note if one is given; null when
     * there is neither. A packet that cannot be parsed is left out (and logged); the note is then written alone.
     */
    static byte[] forOutput(byte[] xmp, int w, int h, Provenance provenance) {
        Document doc = null;
        if (xmp != null) {
            try {
                doc = parse(xmp);
            } catch (IOException e) {
                MetadataReader.leftOut("result", "XMP", e);
            }
        }
        if (doc == null && provenance == null) {
            return null;
        }
        try {
            doc = doc != null ? doc : parse(empty());
            set(doc, XMP.NS_TIFF, "Orientation", "1");
            set(doc, XMP.NS_TIFF, "ImageWidth", Integer.toString(w));
            set(doc, XMP.NS_TIFF, "ImageLength", Integer.toString(h));
            set(doc, XMP.NS_EXIF, "PixelXDimension", Integer.toString(w));
            set(doc, XMP.NS_EXIF, "PixelYDimension", Integer.toString(h));
            NodeList rdf = doc.getElementsByTagNameNS(XMP.NS_RDF, "RDF");
            if (provenance != null && rdf.getLength() > 0) {
                rdf.item(0).appendChild(description(doc, provenance));
            }
            return serialize(doc);
        } catch (IOException | TransformerException e) {
            MetadataReader.leftOut("result", "XMP", e);
            return null;
        }
    }

    /** Sets every occurrence of a simple property, written as an attribute or as an element with only text. */
    private static void set(Document doc, String ns, String name, String value) {
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            Attr a = e.getAttributeNodeNS(ns, name);
            if (a != null) {
                a.setValue(value);
            }
            if (ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName()) && isText(e)) {
                e.setTextContent(value);
            }
        }
    }

    /** Whether a property element holds text, not a structure (child elements) or a resource (rdf: attributes). */
    private static boolean isText(Element e) {
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            if (XMP.NS_RDF.equals(attrs.item(i).getNamespaceURI())) {
                return false;
            }
        }
        return e.getElementsByTagNameNS("*", "*").getLength() == 0;
    }

    private static Element description(Document doc, Provenance p) {
        Element d = doc.createElementNS(XMP.NS_RDF, "rdf:Description");
        d.setAttributeNS(XMP.NS_RDF, "rdf:about", "");
        d.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:sharpstep", NS);
        String[][] props = {{"Model", p.model()}, {"ModelId", p.modelId()}, {"ModelKind", p.kind()},
                {"Scale", Integer.toString(p.scale())}, {"Precision", p.precision()},
                {"ModelVersion", p.modelVersion()}, {"Version", p.version()},
                {"Device", p.device()}, {"Process", p.process()}};
        for (String[] prop : props) {
            Element e = doc.createElementNS(NS, "sharpstep:" + prop[0]);
            e.setTextContent(prop[1]);
            d.appendChild(e);
        }
        return d;
    }

    private static byte[] serialize(Document doc) throws TransformerException {
        TransformerFactory f = TransformerFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        Transformer t = f.newTransformer();
        t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.transform(new DOMSource(doc), new StreamResult(out));
        return out.toByteArray();
    }

    private static byte[] empty() {
        return ("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                + " </rdf:RDF>\n"
                + "</x:xmpmeta>\n"
                + "<?xpacket end=\"w\"?>").getBytes(StandardCharsets.UTF_8);
    }
}
