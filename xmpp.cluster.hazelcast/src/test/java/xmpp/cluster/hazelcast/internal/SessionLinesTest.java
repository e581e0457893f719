package xmpp.cluster.hazelcast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class SessionLinesTest {

    final SessionEntry balcony = new SessionEntry(Jid.of("juliet@localhost/balcony with spaces"), "n1", -3, true, Instant.ofEpochMilli(1234));
    final SessionEntry garden = new SessionEntry(Jid.of("juliet@localhost/garden"), "n2", 0, false, Instant.ofEpochMilli(5678));

    @Test
    void entriesSurviveTheRoundTrip() {
        assertEquals(List.of(balcony, garden), SessionLines.decode(SessionLines.encode(List.of(balcony, garden))));
    }

    @Test
    void theLastPresenceSurvivesTheRoundTripWhateverItsStatusHolds() throws Exception {
        Element presence = XmlStreams.parseElement("<presence from='juliet@localhost/balcony'><status>up\there\nand there</status><priority>2</priority></presence>");
        SessionEntry sent = garden.withPresence(presence, 2);
        SessionEntry decoded = SessionLines.decode(SessionLines.encode(List.of(sent))).getFirst();
        assertEquals(presence.toXml(), decoded.presence().orElseThrow().toXml());
        assertEquals(2, decoded.priority());
    }

    @Test
    void withReplacesTheSameFullJidAndWithoutOnlyRemovesWhatTheNamedNodeHolds() {
        String both = SessionLines.with(SessionLines.with(null, balcony), garden);
        String moved = SessionLines.with(both, balcony.withPresence(false, 5));
        assertEquals(2, SessionLines.decode(moved).size());
        assertEquals(5, SessionLines.decode(moved).stream().filter(e -> e.jid().equals(balcony.jid())).findFirst().orElseThrow().priority());
        assertEquals(moved, SessionLines.without(moved, balcony.jid(), "n3"), "n3 does not hold it");
        assertNull(SessionLines.without(SessionLines.without(moved, balcony.jid(), "n1"), garden.jid(), "n2"), "no session left: no entry");
    }
}
