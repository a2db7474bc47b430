package io.gpenspark.imageio;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The output's XMP packet: the input's packet (if any) with the provenance added, tiff:Orientation
 * set to 1 (the pixels are upright) and xmp:Thumbnails removed (stale). Plain JDK DOM: XMP is
 * RDF/XML, and one rdf:Description more is all that is added.
 */
final class ProvenanceXmp {
  static final String NS = "https://gpenspark.io/ns/provenance/1.0/";
  private static final String PREFIX = "gpen";
  private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  private static final String TIFF = "http://ns.adobe.com/tiff/1.0/";
  private static final String XMP = "http://ns.adobe.com/xap/1.0/";
  private static final String EMPTY =
      "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
          + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\""
          + RDF
          + "\"/></x:xmpmeta>"
          + "<?xpacket end=\"w\"?>";

  /*
   * One parser and one writer per thread, reset before each use: the JAXP factories' newInstance()
   * looks for providers in every jar on the classpath (ServiceLoader), which cost more than the
   * whole packet of a small photo. The JDK's own implementations, which newInstance() found here
   * anyway (no jar on the job's classpath provides another).
   */
  private static final ThreadLocal<DocumentBuilder> PARSER =
      ThreadLocal.withInitial(ProvenanceXmp::newParser);
  private static final ThreadLocal<Transformer> WRITER =
      ThreadLocal.withInitial(ProvenanceXmp::newWriter);

  private ProvenanceXmp() {}

  /** Whether {@code xml} is an XMP packet this class can extend (well-formed, has rdf:RDF). */
  static boolean isUsable(String xml) {
    try {
      return rdf(parse(xml)) != null;
    } catch (Exception e) {
      return false;
    }
  }

  /** The packet of a photo without XMP, which depends on the provenance alone: the last made. */
  private static volatile ProvenanceOnly provenanceOnly;

  private record ProvenanceOnly(Provenance provenance, String xml) {}

  /**
   * The output packet; {@code inputXmp} null or unusable gives a packet with the provenance only.
   */
  static String merge(String inputXmp, Provenance p) {
    if (inputXmp == null) { // most photos: the same packet for the whole run
      ProvenanceOnly last = provenanceOnly;
      if (last == null || !java.util.Objects.equals(last.provenance(), p)) {
        last = new ProvenanceOnly(p, build(null, p));
        provenanceOnly = last;
      }
      return last.xml();
    }
    return build(inputXmp, p);
  }

  private static String build(String inputXmp, Provenance p) {
    Document doc;
    try {
      doc = inputXmp != null && isUsable(inputXmp) ? parse(inputXmp) : parse(EMPTY);
    } catch (Exception e) {
      throw new IllegalStateException("cannot parse the empty XMP packet", e);
    }
    Element rdf = rdf(doc);
    fixUp(doc.getDocumentElement());
    if (p != null) {
      Element d = doc.createElementNS(RDF, "rdf:Description");
      d.setAttributeNS(RDF, "rdf:about", "");
      d.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + PREFIX, NS);
      add(doc, d, "Software", p.software());
      add(doc, d, "SoftwareVersion", p.version());
      add(doc, d, "ModelId", p.modelId());
      add(doc, d, "ConfigHash", p.configHash());
      add(doc, d, "RunId", p.runId());
      rdf.appendChild(d);
    }
    try {
      Transformer t = WRITER.get();
      t.reset();
      t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(doc), new StreamResult(w));
      return w.toString();
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the XMP packet", e);
    }
  }

  private static void add(Document doc, Element d, String name, String value) {
    if (value != null && !value.isBlank()) {
      Element e = doc.createElementNS(NS, PREFIX + ":" + name);
      e.setTextContent(value);
      d.appendChild(e);
    }
  }

  /** Orientation to 1, no thumbnails, no earlier provenance (an output restored again). */
  private static void fixUp(Element e) {
    NamedNodeMap attrs = e.getAttributes();
    List<Attr> drop = new ArrayList<>();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      if (TIFF.equals(a.getNamespaceURI()) && "Orientation".equals(a.getLocalName())) {
        a.setValue("1");
      } else if (NS.equals(a.getNamespaceURI())
          || (XMP.equals(a.getNamespaceURI()) && "Thumbnails".equals(a.getLocalName()))) {
        drop.add(a);
      }
    }
    drop.forEach(e::removeAttributeNode);
    List<Node> children = new ArrayList<>();
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      children.add(c);
    }
    for (Node c : children) {
      if (!(c instanceof Element ce)) {
        continue;
      }
      if (TIFF.equals(ce.getNamespaceURI()) && "Orientation".equals(ce.getLocalName())) {
        ce.setTextContent("1");
      } else if (NS.equals(ce.getNamespaceURI())
          || (XMP.equals(ce.getNamespaceURI()) && "Thumbnails".equals(ce.getLocalName()))) {
        e.removeChild(ce);
      } else {
        fixUp(ce);
      }
    }
  }

  private static Element rdf(Document doc) {
    NodeList l = doc.getElementsByTagNameNS(RDF, "RDF");
    return l.getLength() == 0 ? null : (Element) l.item(0);
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilder b = PARSER.get();
    b.reset();
    b.setErrorHandler(
        new org.xml.sax.helpers.DefaultHandler()); // throws on fatal errors, prints nothing
    return b.parse(new InputSource(new StringReader(xml)));
  }

  private static DocumentBuilder newParser() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
      f.setNamespaceAware(true);
      // Input XMP is untrusted: no DOCTYPE, no external entities
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      return f.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be configured", e);
    }
  }

  private static Transformer newWriter() {
    try {
      return TransformerFactory.newDefaultInstance().newTransformer();
    } catch (TransformerConfigurationException e) {
      throw new IllegalStateException("the JDK's XML writer cannot be configured", e);
    }
  }
}
