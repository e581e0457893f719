package xmpp.mod.vcard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.VCardStore;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** XEP-0054 get and set, the size limit, and the XEP-0153 hash that follows the stored photo. */
class VCardModuleTest {

    static final class MemoryStore implements VCardStore {
        final Map<Jid, Element> vcards = new ConcurrentHashMap<>();

        @Override
        public Optional<Element> get(Jid owner) {
            return Optional.ofNullable(vcards.get(owner));
        }

        @Override
        public void put(Jid owner, Element vcard) {
            vcards.put(owner, vcard);
        }
    }

    static final class NoSessions implements Sessions {
        @Override public Optional<Element> presenceOf(Jid fullJid) { return Optional.empty(); }
        @Override public Optional<Session> session(Jid fullJid) { return Optional.empty(); }
        @Override public List<Session> sessionsOf(Jid bareJid) { return List.of(); }
        @Override public boolean accountExists(Jid account) { return true; }
        @Override public Collection<Session> sessions() { return List.of(); }
    }

    // "hello" in base64, and the SHA-1 of those five bytes
    static final String PHOTO = "<PHOTO><TYPE>image/png</TYPE><BINVAL>aGVs\nbG8=</BINVAL></PHOTO>";
    static final String HELLO_SHA1 = "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d";

    final MemoryStore store = new MemoryStore();
    final Avatars avatars = new Avatars(store, new NoSessions());
    final VCardModule module = new VCardModule(store, avatars, 200);
    final AvatarPresence hook = new AvatarPresence(avatars);
    final Jid juliet = Jid.of("juliet@example.com/balcony");

    Element ask(String type, String to, String vcard) throws Exception {
        String addressed = to.isEmpty() ? "" : " to='" + to + "'";
        return module.handle(Iq.of(XmlStreams.parseElement("<iq type='" + type + "' id='v1' from='juliet@example.com/balcony'"
                + addressed + ">" + vcard + "</iq>")));
    }

    Condition refused(String type, String to, String vcard) {
        return assertThrows(StanzaException.class, () -> ask(type, to, vcard)).error().condition();
    }

    Element presence(String xml) throws Exception {
        return hook.process(juliet, juliet.bare(), XmlStreams.parseElement(xml));
    }

    @Test
    void theOwnerSetsAndGetsHerVCardAndOthersGetIt() throws Exception {
        assertEquals("<vCard xmlns=\"vcard-temp\"/>", ask("get", "", "<vCard xmlns='vcard-temp'/>").elements().getFirst().toXml());
        assertEquals("result", ask("set", "", "<vCard xmlns='vcard-temp'><FN>Juliet</FN></vCard>").attr("type"));
        assertEquals("Juliet", ask("get", "juliet@example.com", "<vCard xmlns='vcard-temp'/>").elements().getFirst().child("FN").orElseThrow().text());
        store.put(Jid.of("romeo@example.com"), XmlStreams.parseElement("<vCard xmlns='vcard-temp'><FN>Romeo</FN></vCard>"));
        assertEquals("Romeo", ask("get", "romeo@example.com", "<vCard xmlns='vcard-temp'/>").elements().getFirst().child("FN").orElseThrow().text());
    }

    @Test
    void errors() {
        assertEquals(Condition.ITEM_NOT_FOUND, refused("get", "romeo@example.com", "<vCard xmlns='vcard-temp'/>"));
        assertEquals(Condition.FORBIDDEN, refused("set", "romeo@example.com", "<vCard xmlns='vcard-temp'><FN>R</FN></vCard>"));
        assertEquals(Condition.BAD_REQUEST, refused("get", "", "<card xmlns='vcard-temp'/>"));
        assertEquals(Condition.NOT_ACCEPTABLE, refused("set", "", "<vCard xmlns='vcard-temp'><NOTE>" + "x".repeat(200) + "</NOTE></vCard>"));
    }

    @Test
    void availablePresenceCarriesTheHashOfTheStoredPhoto() throws Exception {
        ask("set", "", "<vCard xmlns='vcard-temp'>" + PHOTO + "</vCard>");
        Element sent = presence("<presence><show>away</show><x xmlns='vcard-temp:x:update'><photo>stale</photo></x></presence>");
        assertEquals(List.of("show", "x"), sent.elements().stream().map(Element::name).toList());
        assertEquals(HELLO_SHA1, sent.child("x").orElseThrow().child("photo").orElseThrow().text());
    }

    @Test
    void withoutAPhotoPresenceGetsNoUpdateElementButAStaleHashIsCleared() throws Exception {
        assertEquals(XmlStreams.parseElement("<presence><show>away</show></presence>"), presence("<presence><show>away</show></presence>"));
        assertEquals("<x xmlns=\"vcard-temp:x:update\"><photo/></x>",
                presence("<presence><x xmlns='vcard-temp:x:update'><photo>stale</photo></x></presence>").child("x").orElseThrow().toXml());
    }

    @Test
    void presenceThatIsNotReadyOrNotAvailableIsLeftAlone() throws Exception {
        ask("set", "", "<vCard xmlns='vcard-temp'>" + PHOTO + "</vCard>");
        assertEquals(XmlStreams.parseElement("<presence><x xmlns='vcard-temp:x:update'/></presence>"),
                presence("<presence><x xmlns='vcard-temp:x:update'/></presence>"));
        assertEquals(XmlStreams.parseElement("<presence type='unavailable'/>"), presence("<presence type='unavailable'/>"));
    }
}
