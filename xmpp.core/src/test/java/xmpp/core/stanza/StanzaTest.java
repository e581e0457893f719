package xmpp.core.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class StanzaTest {

    static Element parse(String xml) throws Exception {
        return XmlStreams.parseElement(xml);
    }

    static StanzaError.Condition refusal(String xml) throws Exception {
        Element e = parse(xml);
        return assertThrows(StanzaException.class, () -> {
            switch (e.name()) {
                case "iq" -> Iq.of(e);
                case "presence" -> Presence.of(e);
                default -> Message.of(e);
            }
        }).error().condition();
    }

    @Test
    void iqIsTheSeedsTuple() throws Exception {
        Iq iq = Iq.of(parse("<iq type='get' id='c1' from='a@example.org/r' to='example.org'><query xmlns='ejabberd:cputime'/></iq>"));
        assertEquals("c1", iq.id());
        assertEquals(Iq.Type.GET, iq.type());
        assertEquals("ejabberd:cputime", iq.namespace());
        assertEquals("query", iq.payload().orElseThrow().name());
        assertEquals(Optional.of(Jid.of("a@example.org/r")), iq.from());
        assertEquals(Optional.of(Jid.of("example.org")), iq.to());
    }

    @Test
    void resultReplySwapsAddressesAndKeepsTheId() throws Exception {
        Iq iq = Iq.of(parse("<iq type='get' id='p1' from='a@example.org/r' to='example.org'><ping xmlns='urn:xmpp:ping'/></iq>"));
        assertEquals(parse("<iq from='example.org' to='a@example.org/r' id='p1' type='result'/>"), iq.resultReply());
        assertEquals(parse("<iq from='example.org' to='a@example.org/r' id='p1' type='result'><x xmlns='y'/></iq>"),
                iq.resultReply(Element.of("x", "y")));
    }

    @Test
    void errorReplyCarriesTheRequestAndTheCondition() throws Exception {
        // As the seed's mod_cputime: {iq, ID, error, XMLNS, [SubEl, ?ERR_NOT_ALLOWED]}
        Iq iq = Iq.of(parse("<iq type='set' id='s1' from='a@example.org/r' to='example.org'><query xmlns='ejabberd:cputime'/></iq>"));
        Element reply = iq.errorReply(StanzaError.Condition.NOT_ALLOWED);
        assertEquals(parse("<iq from='example.org' to='a@example.org/r' id='s1' type='error'><query xmlns='ejabberd:cputime'/>"
                + "<error type='cancel'><not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"), reply);
        StanzaError read = StanzaError.from(reply.child("error").orElseThrow());
        assertEquals(StanzaError.of(StanzaError.Condition.NOT_ALLOWED), read);
        assertEquals(Iq.Type.ERROR, Iq.of(reply).type());
        assertThrows(IllegalStateException.class, () -> Iq.of(reply).resultReply(), "an error is not answered");
    }

    @Test
    void errorRepliesToErrorsAreRefused() throws Exception {
        Element error = parse("<message type='error' id='x'><error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
        assertThrows(IllegalArgumentException.class, () -> Stanzas.errorReply(error, StanzaError.Condition.BAD_REQUEST));
    }

    @Test
    void everyConditionRoundTripsWithText() {
        for (StanzaError.Condition c : StanzaError.Condition.values()) {
            StanzaError e = new StanzaError(StanzaError.Type.WAIT, c, "because");
            assertEquals(e, StanzaError.from(e.toElement()));
        }
        assertEquals(22, StanzaError.Condition.values().length, "RFC 6120 section 8.3.3 defines 22");
        assertEquals(StanzaError.Type.CANCEL, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE).type());
        assertEquals(StanzaError.Type.MODIFY, StanzaError.of(StanzaError.Condition.BAD_REQUEST).type());
        assertEquals(StanzaError.Type.AUTH, StanzaError.of(StanzaError.Condition.FORBIDDEN).type());
        assertEquals(StanzaError.Type.WAIT, StanzaError.of(StanzaError.Condition.REMOTE_SERVER_TIMEOUT).type());
    }

    @Test
    void invalidIqs() throws Exception {
        assertEquals(StanzaError.Condition.BAD_REQUEST, refusal("<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>"), "no id");
        assertEquals(StanzaError.Condition.BAD_REQUEST, refusal("<iq id='1'><ping xmlns='urn:xmpp:ping'/></iq>"), "no type");
        assertEquals(StanzaError.Condition.BAD_REQUEST, refusal("<iq id='1' type='fetch'><ping xmlns='urn:xmpp:ping'/></iq>"));
        assertEquals(StanzaError.Condition.BAD_REQUEST, refusal("<iq id='1' type='get'/>"), "a get without a child");
        assertEquals(StanzaError.Condition.BAD_REQUEST, refusal("<iq id='1' type='set'><a xmlns='x'/><b xmlns='x'/></iq>"), "two children");
        assertEquals(StanzaError.Condition.BAD_REQUEST, refusal("<iq id='1' type='result'><a xmlns='x'/><b xmlns='x'/></iq>"));
        assertEquals(StanzaError.Condition.JID_MALFORMED, refusal("<iq id='1' type='get' to='a@b@c'><ping xmlns='urn:xmpp:ping'/></iq>"));
    }

    @Test
    void presenceAndMessage() throws Exception {
        Presence p = Presence.of(parse("<presence from='a@b/c'><show>away</show><priority> -5 </priority></presence>"));
        assertEquals(Presence.Type.AVAILABLE, p.type());
        assertEquals(-5, p.priority());
        assertEquals("away", p.show());
        assertTrue(Presence.of(parse("<presence type='subscribe' to='x@y'/>")).type().isSubscription());
        assertEquals(0, Presence.of(parse("<presence type='unavailable'/>")).priority());
        assertEquals(StanzaError.Condition.BAD_REQUEST, refusal("<presence><priority>128</priority></presence>"));
        assertEquals(StanzaError.Condition.BAD_REQUEST, refusal("<presence><priority>high</priority></presence>"));
        assertEquals(StanzaError.Condition.BAD_REQUEST, refusal("<presence type='online'/>"));
        assertEquals(0, Presence.priorityOf(parse("<presence><priority>high</priority></presence>")), "lenient where it was checked before");
        assertEquals(7, Presence.priorityOf(parse("<presence><priority>7</priority></presence>")));
        assertTrue(Presence.isSubscription(parse("<presence type='unsubscribed'/>")));
        assertFalse(Presence.isSubscription(parse("<presence type='probe'/>")));
        assertFalse(Presence.isSubscription(parse("<message type='subscribe'/>")));

        Message m = Message.of(parse("<message type='chat'><body>hi</body></message>"));
        assertEquals(Message.Type.CHAT, m.type());
        assertEquals("hi", m.body());
        assertEquals(Message.Type.NORMAL, Message.of(parse("<message type='weird'/>")).type(), "RFC 6121 5.2.2");
        assertEquals(StanzaError.Condition.JID_MALFORMED, refusal("<message to='@example.com'/>"));
    }
}
