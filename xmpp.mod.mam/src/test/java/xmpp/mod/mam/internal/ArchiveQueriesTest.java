package xmpp.mod.mam.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xmpp.mod.mam.internal.Fixtures.JULIET;
import static xmpp.mod.mam.internal.Fixtures.ROMEO;
import static xmpp.mod.mam.internal.Fixtures.xml;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.mam.MamResponses;
import xmpp.core.route.Router;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.xml.Element;

/** The user's requests to her archive: results, then the page's {@code <fin/>}; preferences; metadata. */
class ArchiveQueriesTest {

    static final Jid JULIET_BALCONY = JULIET.withResource("balcony");

    final Fixtures.ListArchive archive = new Fixtures.ListArchive();
    final ArchiveWriter writer = new ArchiveWriter(Fixtures.config("always", 1 << 20), archive);
    final PreferenceBook preferences = new PreferenceBook(Fixtures.config("roster", 1 << 20), new Fixtures.MapPrivateXml());
    final List<Element> routed = new ArrayList<>();
    final Router router = (from, to, stanza) -> routed.add(stanza);
    final ArchiveQueries queries = new ArchiveQueries(Fixtures.config("always", 1 << 20), archive, writer, preferences, router);

    @AfterEach
    void stop() throws Exception {
        writer.stop();
    }

    /** Messages 1..n in Juliet's archive, odd ones with Romeo, even ones with the nurse. */
    void archiveOf(int n) throws Exception {
        for (long id = 1; id <= n; id++)
            archive.append(List.of(new ArchivedMessage(JULIET, id, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id),
                    id % 2 == 1 ? ROMEO.withResource("phone") : Jid.of("nurse@example.com"),
                    xml("<message type='chat' id='m" + id + "'><body>" + id + "</body></message>"))));
    }

    Element ask(String type, String payload) throws Exception {
        return ask(JULIET_BALCONY, type, payload);
    }

    Element ask(Jid from, String type, String payload) throws Exception {
        return queries.handle(Iq.of(xml("<iq type='" + type + "' id='i1' from='" + from + "' to='juliet@example.com'>" + payload + "</iq>")));
    }

    static String page(String rsm) {
        return "<query xmlns='urn:xmpp:mam:2' queryid='q'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE'><value>urn:xmpp:mam:2</value></field><field var='with'><value>romeo@example.net</value></field></x>"
                + "<set xmlns='http://jabber.org/protocol/rsm'>" + rsm + "</set></query>";
    }

    List<String> bodies() {
        List<String> result = new ArrayList<>();
        for (Element m : routed) {
            Element r = m.child("result", MamNamespaces.MAM).orElseThrow();
            assertEquals("q", r.attr("queryid"));
            Element inner = r.child("forwarded", MamResponses.FORWARD).orElseThrow().child("message").orElseThrow();
            assertEquals(r.attr("id"), inner.child("body").orElseThrow().text(), "the result's id is the message's");
            assertEquals("jabber:client", inner.attr("xmlns"));
            result.add(inner.child("body").orElseThrow().text());
        }
        routed.clear();
        return result;
    }

    static String rsm(Element reply, String name) {
        return reply.child("fin", MamNamespaces.MAM).orElseThrow().child("set", MamResponses.RSM).orElseThrow().child(name).map(Element::text).orElse("");
    }

    static boolean complete(Element reply) {
        return reply.child("fin", MamNamespaces.MAM).orElseThrow().attr("complete").equals("true");
    }

    @Test
    void pagesWithAWithFilterGoForwardsToTheEndAndBackwardsToTheStart() throws Exception {
        archiveOf(10);   // Romeo: 1 3 5 7 9
        Element first = ask("set", page("<max>2</max>"));
        assertEquals(List.of("1", "3"), bodies());
        assertEquals("1", rsm(first, "first"));
        assertEquals("3", rsm(first, "last"));
        assertEquals("5", rsm(first, "count"));
        assertTrue(!complete(first));
        ask("set", page("<max>2</max><after>3</after>"));
        assertEquals(List.of("5", "7"), bodies());
        Element end = ask("set", page("<max>2</max><after>7</after>"));
        assertEquals(List.of("9"), bodies());
        assertTrue(complete(end));
        Element last = ask("set", page("<max>2</max><before/>"));
        assertEquals(List.of("7", "9"), bodies(), "the last page, oldest first");
        assertTrue(!complete(last));
        Element start = ask("set", page("<max>2</max><before>3</before>"));
        assertEquals(List.of("1"), bodies());
        assertTrue(complete(start), "backwards, complete is the start of the archive");
    }

    @Test
    void aCursorThatIsNotInTheArchiveIsItemNotFound() throws Exception {
        archiveOf(3);
        StanzaException e = assertThrows(StanzaException.class, () -> ask("set", page("<after>99</after>")));
        assertEquals(Condition.ITEM_NOT_FOUND, e.error().condition());
        assertTrue(routed.isEmpty());
    }

    @Test
    void onlyTheOwnerQueriesHerArchive() throws Exception {
        archiveOf(3);
        StanzaException e = assertThrows(StanzaException.class, () -> ask(ROMEO.withResource("phone"), "set", page("")));
        assertEquals(Condition.FORBIDDEN, e.error().condition());
        assertTrue(routed.isEmpty());
    }

    @Test
    void anEmptyResultIsACompletePageWithACount() throws Exception {
        Element reply = ask("set", page(""));
        assertTrue(complete(reply));
        assertEquals("0", rsm(reply, "count"));
        assertEquals("", rsm(reply, "first"));
    }

    @Test
    void preferencesAreTheServerDefaultUntilSetThenWhatWasSet() throws Exception {
        Element before = ask("get", "<prefs xmlns='urn:xmpp:mam:2'/>").child("prefs", MamNamespaces.MAM).orElseThrow();
        assertEquals("roster", before.attr("default"));
        ask("set", "<prefs xmlns='urn:xmpp:mam:2' default='always'><always/><never><jid>tybalt@example.com</jid></never></prefs>");
        Element after = ask("get", "<prefs xmlns='urn:xmpp:mam:2'/>").child("prefs", MamNamespaces.MAM).orElseThrow();
        assertEquals("always", after.attr("default"));
        assertEquals("tybalt@example.com", after.child("never").orElseThrow().child("jid").orElseThrow().text());
        StanzaException e = assertThrows(StanzaException.class, () -> ask("set", "<prefs xmlns='urn:xmpp:mam:2' default='sometimes'/>"));
        assertEquals(Condition.BAD_REQUEST, e.error().condition());
    }

    @Test
    void theFormListsTheFieldsAndMetadataTheFirstAndLastMessage() throws Exception {
        archiveOf(4);
        Element form = ask("get", "<query xmlns='urn:xmpp:mam:2'/>").child("query", MamNamespaces.MAM).orElseThrow()
                .child("x", MamResponses.DATA).orElseThrow();
        assertEquals(List.of("FORM_TYPE", "with", "start", "end", "before-id", "after-id", "ids"),
                form.elements().stream().map(f -> f.attr("var")).toList());
        Element metadata = ask("get", "<metadata xmlns='urn:xmpp:mam:2'/>").child("metadata", MamNamespaces.MAM).orElseThrow();
        assertEquals("1", metadata.child("start").orElseThrow().attr("id"));
        assertEquals("4", metadata.child("end").orElseThrow().attr("id"));
    }
}
