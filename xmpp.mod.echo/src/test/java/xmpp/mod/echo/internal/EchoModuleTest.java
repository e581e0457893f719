package xmpp.mod.echo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class EchoModuleTest {

    record Routed(Jid from, Jid to, Element stanza) {
    }

    final List<Routed> routed = new ArrayList<>();
    final Router router = (from, to, stanza) -> routed.add(new Routed(from, to, stanza));
    final EchoModule echo = new EchoModule(router);

    @Test
    void aStanzaComesBackWithTheAddressesSwapped() throws Exception {
        Element m = XmlStreams.parseElement("<message from='romeo@localhost/r' to='echo.localhost' id='e1'><body>hi</body></message>");
        echo.route(Jid.of("romeo@localhost/r"), Jid.of("echo.localhost"), m);
        Routed back = routed.getFirst();
        assertEquals(Jid.of("echo.localhost"), back.from());
        assertEquals(Jid.of("romeo@localhost/r"), back.to());
        assertEquals("romeo@localhost/r", back.stanza().attr("to"));
        assertEquals("e1", back.stanza().attr("id"));
        assertEquals("hi", back.stanza().child("body").orElseThrow().text());
    }

    @Test
    void anIqComesBackToo() throws Exception {
        Element iq = XmlStreams.parseElement("<iq type='get' id='i1' from='romeo@localhost/r' to='echo.localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        echo.route(Jid.of("romeo@localhost/r"), Jid.of("echo.localhost"), iq);
        Element back = routed.getFirst().stanza();
        assertEquals("get", back.attr("type"));
        assertEquals("i1", back.attr("id"));
        assertEquals("echo.localhost", back.attr("from"));
        assertEquals("urn:xmpp:ping", back.firstElement().orElseThrow().namespace());
    }

    @Test
    void errorsAreNotEchoedAndServicesGetBadRequestSoTwoEchoesNeverLoop() throws Exception {
        echo.route(Jid.of("romeo@localhost/r"), Jid.of("echo.localhost"), XmlStreams.parseElement("<message type='error'/>"));
        assertTrue(routed.isEmpty());
        echo.route(Jid.of("echo.example.org"), Jid.of("echo.localhost"), XmlStreams.parseElement("<message id='x'/>"));
        Element reply = routed.getFirst().stanza();
        assertEquals("error", reply.attr("type"));
        assertEquals("bad-request", reply.child("error").orElseThrow().firstElement().orElseThrow().name());
        // and that error, echoed to the other echo, stops there
        echo.route(Jid.of("echo.example.org"), Jid.of("echo.localhost"), reply);
        assertEquals(1, routed.size());
    }
}
