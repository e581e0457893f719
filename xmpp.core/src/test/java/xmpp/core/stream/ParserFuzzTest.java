package xmpp.core.stream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import xmpp.core.spi.stream.StreamLimits;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.spi.stream.StreamReader;
import xmpp.core.xml.Element;

/**
 * Random input never hangs the parser (the JVM would not reach the end of the property) nor
 * throws anything but the parser's own error, or EOFException where the input simply ends: a
 * malformed peer costs its own stream, never the thread or the server.
 */
class ParserFuzzTest {

    static final String HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";
    static final StreamParser PARSER = new StreamParser(StreamLimits.DEFAULT.withMaxStanzaBytes(16 * 1024));

    @Property(tries = 3000)
    void randomBytesAsAStream(@ForAll @Size(max = 4096) byte[] bytes) throws IOException {
        readAll(bytes);
    }

    @Property(tries = 3000)
    void randomBytesAfterAValidHeader(@ForAll @Size(max = 4096) byte[] bytes) throws IOException {
        byte[] header = HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[header.length + bytes.length];
        System.arraycopy(header, 0, input, 0, header.length);
        System.arraycopy(bytes, 0, input, header.length, bytes.length);
        readAll(input);
    }

    /** Near-XML: fragments of real stanzas and hostile constructs, shuffled. */
    @Property(tries = 3000)
    void xmlishFragments(@ForAll("xmlish") String tail) throws IOException {
        readAll((HEADER + tail).getBytes(StandardCharsets.UTF_8));
        try {
            XmlStreams.parseElement(tail);
        } catch (XmlParseException expected) {
            // the only failure allowed
        }
    }

    @Provide
    Arbitrary<String> xmlish() {
        return Arbitraries.of("<message>", "</message>", "<body>", "</body>", "<iq type='get' id='1'>", "</iq>",
                        "<a xmlns='x'>", "</a>", "<p:b xmlns:p='u'>", "</p:b>", "<!--", "-->", "<?pi", "?>", "<!DOCTYPE x>",
                        "&amp;", "&lt;", "&foo;", "&#0;", "&#x1F600;", "<![CDATA[", "]]>", "'", "\"", "=", " ", "\n", "é", "😀",
                        "\uD800", "<", ">", "/>", "</stream:stream>", "<stream:stream>", "x".repeat(100))
                .list().ofMaxSize(60).map(parts -> String.join("", parts));
    }

    private static void readAll(byte[] input) throws IOException {
        StreamReader reader = PARSER.open(new ByteArrayInputStream(input));
        try {
            reader.readHeader();
            for (Element e = reader.nextStanza(); e != null; e = reader.nextStanza()) {
                e.toXml();   // whatever was accepted can be written back
            }
        } catch (XmlParseException | java.io.EOFException expected) {
            // the only failures allowed; anything else fails the property
        }
    }
}
