package xmpp.core.mam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.stream.XmlStreams;

/** A XEP-0313 query's form and XEP-0059 page, read into an archive query. */
class MamRequestTest {

    static MamRequest parse(String inner) throws Exception {
        return MamRequest.parse(XmlStreams.parseElement("<query xmlns='urn:xmpp:mam:2' queryid='q1'>" + inner + "</query>"), 5, 20);
    }

    static String form(String fields) {
        return "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>"
                + fields + "</x>";
    }

    static String field(String var, String... values) {
        StringBuilder b = new StringBuilder("<field var='" + var + "'>");
        for (String v : values) b.append("<value>").append(v).append("</value>");
        return b.append("</field>").toString();
    }

    static Condition condition(String inner) {
        return assertThrows(StanzaException.class, () -> parse(inner)).error().condition();
    }

    @Test
    void withoutFormOrPageItIsTheFirstPageOfTheWholeArchive() throws Exception {
        MamRequest q = parse("");
        assertEquals("q1", q.queryId());
        assertEquals(5, q.query().max());
        assertFalse(q.query().backwards());
        assertEquals(Optional.empty(), q.cursor());
        assertEquals(Optional.empty(), q.query().with());
    }

    @Test
    void everyFieldOfTheFormIsRead() throws Exception {
        MamRequest q = parse(form(field("with", "juliet@example.com") + field("start", "2026-01-01T10:00:00+02:00")
                + field("end", "2026-01-02T00:00:00Z") + field("after-id", "100") + field("before-id", "200") + field("ids", "150", "160")));
        assertEquals(Optional.of(Jid.of("juliet@example.com")), q.query().with());
        assertEquals(Optional.of(Instant.parse("2026-01-01T08:00:00Z")), q.query().start(), "the zone counts");
        assertEquals(Optional.of(Instant.parse("2026-01-02T00:00:00Z")), q.query().end());
        assertEquals(Optional.of(100L), q.query().afterId());
        assertEquals(Optional.of(200L), q.query().beforeId());
        assertEquals(List.of(150L, 160L), q.query().ids());
    }

    @Test
    void anIdNoArchiveGaveAmongIdsMatchesNothingRatherThanEverything() throws Exception {
        assertEquals(List.of(0L), parse(form(field("ids", "not-an-id"))).query().ids());
    }

    @Test
    void pagesGoForwardsAfterACursorAndBackwardsBeforeOne() throws Exception {
        MamRequest after = parse("<set xmlns='http://jabber.org/protocol/rsm'><max>10</max><after>42</after></set>");
        assertEquals(Optional.of(42L), after.cursor());
        assertFalse(after.query().backwards());
        assertEquals(10, after.query().max());
        MamRequest before = parse("<set xmlns='http://jabber.org/protocol/rsm'><max>10</max><before>42</before></set>");
        assertTrue(before.query().backwards());
        assertEquals(Optional.of(42L), before.query().cursor());
        MamRequest last = parse("<set xmlns='http://jabber.org/protocol/rsm'><max>3</max><before/></set>");
        assertTrue(last.query().backwards());
        assertEquals(Optional.empty(), last.cursor(), "an empty <before/> is the last page");
        assertEquals(20, parse("<set xmlns='http://jabber.org/protocol/rsm'><max>100000</max></set>").query().max(), "capped at max.page");
        assertEquals(0, parse("<set xmlns='http://jabber.org/protocol/rsm'><max>0</max></set>").query().max(), "a count only");
    }

    @Test
    void wrongQueriesGetTheErrorsTheXepsName() {
        assertEquals(Condition.ITEM_NOT_FOUND, condition("<set xmlns='http://jabber.org/protocol/rsm'><after>nonsense</after></set>"));
        assertEquals(Condition.ITEM_NOT_FOUND, condition(form(field("after-id", "nonsense"))));
        assertEquals(Condition.FEATURE_NOT_IMPLEMENTED, condition("<set xmlns='http://jabber.org/protocol/rsm'><index>3</index></set>"));
        assertEquals(Condition.BAD_REQUEST, condition("<set xmlns='http://jabber.org/protocol/rsm'><max>-1</max></set>"));
        assertEquals(Condition.BAD_REQUEST, condition(form(field("start", "yesterday"))));
        assertEquals(Condition.BAD_REQUEST, condition(form(field("with", "@@"))));
        assertEquals(Condition.BAD_REQUEST, condition(form(field("colour", "red"))));
        assertEquals(Condition.BAD_REQUEST, condition("<x xmlns='jabber:x:data' type='submit'>" + field("FORM_TYPE", "urn:xmpp:mam:1") + "</x>"));
    }
}
