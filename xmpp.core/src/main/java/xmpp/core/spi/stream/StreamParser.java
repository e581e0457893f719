package xmpp.core.spi.stream;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import xmpp.core.stream.XmlParseException;
import xmpp.core.xml.Element;

/**
 * The hardened XML parser, configured once with {@link StreamLimits}; thread-safe, so one
 * instance serves every connection of a listener.
 *
 * <p>What RFC 6120 section 11.1 forbids is refused with {@code restricted-xml}: DTDs (and so
 * every entity expansion bomb and external entity), comments, processing instructions and
 * entity references other than the five predefined ones. Broken XML and invalid UTF-8 give
 * {@code not-well-formed}; exceeding a limit gives {@code policy-violation}.
 *
 * <p>Woodstox is created directly rather than through {@code XMLInputFactory.newFactory()}:
 * inside an OSGi framework that lookup finds the JDK's parser, which has none of these limits.
 */
public final class StreamParser {

    /**
     * Woodstox's input buffer, in characters (and a byte buffer of as many bytes for decoding).
     * Both stay with a connection while it has input (an idle one holds no parser, see
     * {@link StreamReader}), so they are small; a stanza is a few hundred bytes, and a larger one
     * only takes more reads.
     */
    static final int INPUT_BUFFER_CHARS = 512;

    /**
     * Names most streams use. A new parser starts from the factory's symbol table and interns
     * each name the table lacks, which is slow; a parser that {@link StreamReader} drops teaches
     * the table nothing (only a closed one does). So the table learns these once, here.
     */
    private static final String COMMON_NAMES = "<stream:stream xmlns:stream='s' to='' from='' id='' version='' xml:lang=''>"
            + "<features/><starttls/><proceed/><mechanisms/><mechanism/><auth mechanism=''/><challenge/><response/><success/><failure/>"
            + "<bind/><resource/><jid/><session/><sm/><enable resume='' max=''/><enabled/><r/><a h=''/><resume h='' previd=''/><resumed/>"
            + "<message type=''><body/><subject/><thread/><active/><composing/><paused/><inactive/><gone/><request/><received/>"
            + "<markable/><displayed/><forwarded/><delay stamp=''/><result queryid=''/><x/><origin-id/><stanza-id by=''/></message>"
            + "<presence type=''><show/><status/><priority/><c hash='' node='' ver='' ext=''/></presence>"
            + "<iq type=''><query node='' ver=''><item jid='' name='' subscription='' ask='' node='' category='' var=''><group/></item>"
            + "<identity/><feature/></query><ping/><vCard/><pubsub><items/><publish/><subscribe/></pubsub><event/><error code=''/>"
            + "<text/><csi/></iq></stream:stream>";

    private final StreamLimits limits;
    private final WstxInputFactory factory;

    public StreamParser(StreamLimits limits) {
        this.limits = limits;
        factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Replacing on: an undeclared entity is then an error everywhere. Off, Woodstox turns
        // one inside an attribute value into "" without a word.
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        // Not coalescing: text arrives in segments, so the reader never waits for input
        // beyond what the peer has sent.
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        // Eager: Woodstox otherwise defers some errors to getText() as unchecked exceptions.
        factory.setProperty(WstxInputProperties.P_LAZY_PARSING, false);
        factory.setProperty(WstxInputProperties.P_INPUT_BUFFER_LENGTH, INPUT_BUFFER_CHARS);
        learn(COMMON_NAMES);   // before the limits, which may be set lower than these names' depth
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth() + 1); // + the stream element; StreamReader counts from the stanza
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, limits.maxAttributes());
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, limits.maxStanzaBytes());
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, limits.maxStanzaBytes());
    }

    /** Reads {@code xml} through and closes the parser, which adds its names to the factory's symbol table. */
    private void learn(String xml) {
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(xml));
            while (reader.hasNext()) reader.next();
            reader.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the common names did not parse", e);
        }
    }

    public StreamLimits limits() {
        return limits;
    }

    /**
     * Parses one element from a string (the seed's {@code xml_stream:parse_element}).
     *
     * @throws XmlParseException naming what is wrong and where
     */
    public Element parseElement(String xml) throws XmlParseException {
        try {
            return new StreamReader(this, new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).readDocument();
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
    }

    /** A reader for one connection's input; see {@link StreamReader}. */
    public StreamReader open(InputStream in) {
        return new StreamReader(this, in);
    }

    WstxInputFactory factory() {
        return factory;
    }
}
