package xmpp.mod.pep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class CapsCacheTest {

    final CapsCache caps = new CapsCache();
    final Jid juliet = Jid.of("juliet@example.net/balcony");

    CapsCache.Update presence(String ver) throws Exception {
        return caps.available(juliet, XmlStreams.parseElement(
                "<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='urn:test' ver='" + ver + "'/></presence>"));
    }

    Optional<Set<String>> answer(CapsCache.Update asked, String... features) throws Exception {
        String id = ((CapsCache.Ask) asked).query().attr("id");
        StringBuilder xml = new StringBuilder("<iq type='result' id='" + id + "'><query xmlns='http://jabber.org/protocol/disco#info'>");
        for (String f : features) xml.append("<feature var='").append(f).append("'/>");
        return caps.answered(juliet, XmlStreams.parseElement(xml.append("</query></iq>").toString()));
    }

    @Test
    void anAnswerForCapsTheResourceNoLongerAnnouncesChangesNothing() throws Exception {
        answer(presence("tune"), "http://jabber.org/protocol/tune+notify");
        CapsCache.Update stale = presence("none");            // asked, not answered yet...
        assertEquals(new CapsCache.Wants(Set.of()), presence("tune"), "...when the resource is back to caps it announced before");
        assertTrue(caps.wants(juliet, "http://jabber.org/protocol/tune"));

        assertEquals(Optional.of(Set.of()), answer(stale), "the answer is taken out of the stream, and wants nothing new");
        assertTrue(caps.wants(juliet, "http://jabber.org/protocol/tune"), "the latest presence's caps still hold");
        assertEquals(new CapsCache.Wants(Set.of()), presence("none"), "the late answer is known for next time");
        assertFalse(caps.wants(juliet, "http://jabber.org/protocol/tune"));
    }
}
