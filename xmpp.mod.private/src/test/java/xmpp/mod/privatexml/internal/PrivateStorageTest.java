package xmpp.mod.privatexml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** XEP-0049: a user's own elements, stored and read back; the errors of its section 3. */
class PrivateStorageTest {

    static final class MemoryStore implements PrivateXmlStore {
        final Map<String, Element> elements = new ConcurrentHashMap<>();

        @Override
        public Optional<Element> get(Jid owner, String namespace) {
            return Optional.ofNullable(elements.get(owner + " " + namespace));
        }

        @Override
        public void put(Jid owner, Element element) {
            elements.put(owner + " " + element.namespace(), element);
        }
    }

    final MemoryStore store = new MemoryStore();
    final PrivateStorage module = new PrivateStorage(store);

    Element ask(String type, String to, String payload) throws Exception {
        String addressed = to.isEmpty() ? "" : " to='" + to + "'";
        return module.handle(Iq.of(XmlStreams.parseElement("<iq type='" + type + "' id='p1' from='juliet@example.com/balcony'"
                + addressed + "><query xmlns='jabber:iq:private'>" + payload + "</query></iq>")));
    }

    Condition refused(String type, String to, String payload) {
        return assertThrows(StanzaException.class, () -> ask(type, to, payload)).error().condition();
    }

    @Test
    void whatIsStoredIsReadBackAndWhatIsNotComesBackEmpty() throws Exception {
        assertEquals("result", ask("set", "", "<storage xmlns='storage:bookmarks'><conference jid='a@muc.example.com'/></storage>").attr("type"));
        Element got = ask("get", "juliet@example.com", "<storage xmlns='storage:bookmarks'/><prefs xmlns='x:client:prefs'/>");
        Element query = got.child("query", "jabber:iq:private").orElseThrow();
        assertEquals("a@muc.example.com", query.elements().get(0).child("conference").orElseThrow().attr("jid"));
        assertEquals("<prefs xmlns=\"x:client:prefs\"/>", query.elements().get(1).toXml());
        assertEquals("juliet@example.com/balcony", got.attr("to"));
    }

    @Test
    void anotherUsersStorageIsForbidden() {
        assertEquals(Condition.FORBIDDEN, refused("get", "romeo@example.com", "<storage xmlns='storage:bookmarks'/>"));
        assertEquals(Condition.FORBIDDEN, refused("set", "romeo@example.com", "<storage xmlns='storage:bookmarks'/>"));
    }

    @Test
    void theStreamsAndTheProtocolsOwnNamespacesAndTheServersAreNotAcceptable() {
        assertEquals(Condition.NOT_ACCEPTABLE, refused("set", "", "<x xmlns='jabber:client'/>"));
        assertEquals(Condition.NOT_ACCEPTABLE, refused("get", "", "<x xmlns='jabber:server'/>"));
        assertEquals(Condition.NOT_ACCEPTABLE, refused("set", "", "<x/>"));   // inherits jabber:iq:private
        assertEquals(Condition.NOT_ACCEPTABLE, refused("set", "", "<blocklist xmlns='urn:x-xmpp-server:blocking'/>"));
    }

    @Test
    void aQueryWithoutAnElementIsABadRequest() {
        assertEquals(Condition.BAD_REQUEST, refused("get", "", ""));
        assertEquals(Condition.BAD_REQUEST, refused("set", "", ""));
    }
}
