package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's stream cut into what a frame carries, however the writes fall. */
class StreamSplitterTest {

    private final List<String> pieces = new ArrayList<>();
    private final StreamSplitter splitter = new StreamSplitter(new StreamSplitter.Pieces() {
        @Override public void header(Map<String, String> attributes) { pieces.add("header " + attributes); }
        @Override public void element(String xml) { pieces.add(xml); }
        @Override public void keepalive() { pieces.add("keepalive"); }
        @Override public void end() { pieces.add("end"); }
    });

    private void write(String xml) throws Exception {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        splitter.write(bytes, 0, bytes.length);
    }

    @Test
    void theHeaderElementsKeepalivesAndEndComeApart() throws Exception {
        write("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='c2'"
                + " from='localhost' version='1.0' xml:lang='en'><stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                + "</stream:features> <message to='a@b'><body>x</body></message></stream:stream>");
        assertEquals(List.of("header {xmlns=jabber:client, xmlns:stream=http://etherx.jabber.org/streams, id=c2, from=localhost, version=1.0, xml:lang=en}",
                "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>",
                "keepalive",
                "<message xmlns='jabber:client' to='a@b'><body>x</body></message>",
                "end"), pieces);
    }

    @Test
    void anElementSplitAcrossWritesComesWholeAndMarkupInsideQuotesIsText() throws Exception {
        String message = "<message to='a@b' id=\"x/>y\" type='chat'><body>1 &lt; 2 &amp; 3 > 2, café</body><x xmlns='urn:x'/></message>";
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 3) splitter.write(bytes, i, Math.min(3, bytes.length - i));
        write("<presence/><iq xmlns='jabber:client' type='result' id='r'/>");
        assertEquals(List.of(message.replaceFirst("<message", "<message xmlns='jabber:client'"),
                "<presence xmlns='jabber:client'/>",
                "<iq xmlns='jabber:client' type='result' id='r'/>"), pieces);
    }

    @Test
    void aStreamErrorDeclaresItsPrefix() throws Exception {
        write("<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>");
        assertEquals(List.of("<stream:error xmlns:stream='http://etherx.jabber.org/streams'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "</stream:error>", "end"), pieces);
    }
}
