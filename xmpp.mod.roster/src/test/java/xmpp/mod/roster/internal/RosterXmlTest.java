package xmpp.mod.roster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.Subscription;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** RFC 6121 sections 2.1.2 and 2.3.3: items as XML, and what a roster set may carry. */
class RosterXmlTest {

    static final Jid OWNER = Jid.of("juliet@example.com/balcony");

    static Condition refused(String items) throws Exception {
        Element query = XmlStreams.parseElement("<query xmlns='jabber:iq:roster'>" + items + "</query>");
        return assertThrows(StanzaException.class, () -> RosterXml.request(query, OWNER, 10)).error().condition();
    }

    static RosterXml.Request accepted(String items) throws Exception {
        return RosterXml.request(XmlStreams.parseElement("<query xmlns='jabber:iq:roster'>" + items + "</query>"), OWNER, 10);
    }

    @Test
    void anItemWithItsStateAndGroups() {
        RosterItem item = RosterItem.of(Jid.of("nurse@example.com"), "Nurse", Set.of("Servants", "Capulets"))
                .withSubscription(Subscription.FROM, true, true).withApproved(true);
        assertEquals("<item jid='nurse@example.com' name='Nurse' subscription='from' ask='subscribe' approved='true'>"
                + "<group>Capulets</group><group>Servants</group></item>", RosterXml.item(item).toXml().replace('"', '\''));
        assertEquals("<query xmlns='jabber:iq:roster' ver='7'/>", RosterXml.query(List.of(), "7").toXml().replace('"', '\''));
    }

    @Test
    void aSetCarriesExactlyOneValidItem() throws Exception {
        assertEquals(Condition.BAD_REQUEST, refused("<item jid='a@example.com'/><item jid='b@example.com'/>"));
        assertEquals(Condition.BAD_REQUEST, refused(""));
        assertEquals(Condition.BAD_REQUEST, refused("<item jid='not@a@jid'/>"));
        assertEquals(Condition.BAD_REQUEST, refused("<item jid='a@example.com/res'/>"));
        assertEquals(Condition.NOT_ALLOWED, refused("<item jid='juliet@example.com'/>"));
        assertEquals(Condition.NOT_ACCEPTABLE, refused("<item jid='a@example.com' name='elevenchars'/>"));
        assertEquals(Condition.NOT_ACCEPTABLE, refused("<item jid='a@example.com'><group/></item>"));
        assertEquals(Condition.NOT_ACCEPTABLE, refused("<item jid='a@example.com'><group>elevenchars</group></item>"));
        assertEquals(Condition.BAD_REQUEST, refused("<item jid='a@example.com'><group>g</group><group>g</group></item>"));
    }

    @Test
    void theServerKeepsItsOwnAttributesAndOnlyRemoveCounts() throws Exception {
        RosterXml.Request r = accepted("<item jid='a@example.com' name='A' subscription='both' ask='subscribe'><group>g</group></item>");
        assertEquals(new RosterXml.Request(Jid.of("a@example.com"), false, "A", Set.of("g")), r);
        assertTrue(accepted("<item jid='a@example.com' subscription='remove'/>").remove());
    }
}
