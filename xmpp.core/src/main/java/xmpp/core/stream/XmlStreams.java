package xmpp.core.stream;

import xmpp.core.spi.stream.StreamLimits;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.xml.Element;

/** The seed's module {@code xml_stream}, with {@link StreamLimits#DEFAULT}. */
public final class XmlStreams {

    private static final StreamParser DEFAULT = new StreamParser(StreamLimits.DEFAULT);

    private XmlStreams() {
    }

    /**
     * Parses {@code xml}, which must hold exactly one element (seed: {@code parse_element}).
     * Namespaces come out in the seed's form: {@code xmlns} attributes where an element's
     * namespace differs from its parent's, whatever prefixes the input used.
     *
     * @throws XmlParseException naming what is wrong and where, instead of the seed's
     *         {@code {error, Err}}
     */
    public static Element parseElement(String xml) throws XmlParseException {
        return DEFAULT.parseElement(xml);
    }
}
