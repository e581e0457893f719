package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import xmpp.core.xml.Element;
import xmpp.core.stream.XmlStreams;

/** XEP-0352's filter: what waits while the client is inactive, and in which order it goes. */
class ClientStateFilterTest {

    private static Element xml(String xml) throws Exception {
        return XmlStreams.parseElement(xml);
    }

    private static List<String> ids(List<Element> stanzas) {
        return stanzas.stream().map(e -> e.attr("id")).toList();
    }

    private static Element presence(String from, String id) throws Exception {
        return xml("<presence from='" + from + "' id='" + id + "'/>");
    }

    private static Element composing(String id) throws Exception {
        return xml("<message from='juliet@localhost/b' id='" + id + "'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
    }

    @Test
    void anActiveClientGetsEverythingAtOnce() throws Exception {
        ClientStateFilter f = new ClientStateFilter(10);
        assertEquals(List.of("p1"), ids(f.pass(presence("juliet@localhost/b", "p1"))));
    }

    @Test
    void whileInactiveOnlyTheNewestPresencePerSenderWaitsUntilActive() throws Exception {
        ClientStateFilter f = new ClientStateFilter(10);
        f.becomeInactive();
        assertEquals(List.of(), f.pass(presence("juliet@localhost/b", "j1")));
        assertEquals(List.of(), f.pass(presence("nurse@localhost/x", "n1")));
        assertEquals(List.of(), f.pass(presence("juliet@localhost/b", "j2")));
        assertEquals(List.of("n1", "j2"), ids(f.becomeActive()));
        assertEquals(List.of("j3"), ids(f.pass(presence("juliet@localhost/b", "j3"))), "active again");
    }

    @Test
    void aMessageWithABodyTakesWhatWaitedAlongInOrder() throws Exception {
        ClientStateFilter f = new ClientStateFilter(10);
        f.becomeInactive();
        f.pass(presence("juliet@localhost/b", "p1"));
        f.pass(composing("c1"));
        Element chat = xml("<message from='juliet@localhost/b' id='m1'><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>");
        assertEquals(List.of("p1", "c1", "m1"), ids(f.pass(chat)));
        assertEquals(List.of(), f.becomeActive(), "nothing waits any more");
    }

    @Test
    void requestsAndSubscriptionsAreNeverHeld() throws Exception {
        ClientStateFilter f = new ClientStateFilter(10);
        f.becomeInactive();
        assertEquals(List.of("s1"), ids(f.pass(xml("<presence type='subscribe' from='nurse@localhost' id='s1'/>"))));
        assertEquals(List.of("q1"), ids(f.pass(xml("<iq type='get' id='q1'><ping xmlns='urn:xmpp:ping'/></iq>"))));
    }

    @Test
    void whatWaitsIsBounded() throws Exception {
        ClientStateFilter f = new ClientStateFilter(2);
        f.becomeInactive();
        f.pass(composing("c1"));
        f.pass(composing("c2"));
        assertEquals(List.of("c1", "c2", "c3"), ids(f.pass(composing("c3"))), "beyond the bound, all of it goes");
    }
}
