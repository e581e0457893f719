package xmpp.mod.time.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import xmpp.core.stanza.Iq;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class TimeModuleTest {

    static Iq iq(String type) throws Exception {
        return Iq.of(XmlStreams.parseElement("<iq type='" + type + "' id='t1' from='romeo@localhost/r' to='localhost'>"
                + "<time xmlns='urn:xmpp:time'/></iq>"));
    }

    static Element time(Clock clock) throws Exception {
        Element reply = new TimeModule(clock).handle(iq("get"));
        assertEquals("result", reply.attr("type"));
        assertEquals("t1", reply.attr("id"));
        return reply.child("time", "urn:xmpp:time").orElseThrow();
    }

    @Test
    void answersUtcAndTheZoneOffsetAsXep0082Writes() throws Exception {
        Element time = time(Clock.fixed(Instant.parse("2006-12-19T17:58:35.123456Z"), ZoneId.of("America/Denver")));
        assertEquals("2006-12-19T17:58:35.123Z", time.child("utc").orElseThrow().text());
        assertEquals("-07:00", time.child("tzo").orElseThrow().text());
    }

    @Test
    void utcItselfIsWrittenAsAnOffset() throws Exception {
        Element time = time(Clock.fixed(Instant.parse("2006-12-19T17:58:35Z"), ZoneId.of("UTC")));
        assertEquals("+00:00", time.child("tzo").orElseThrow().text());
        assertEquals("2006-12-19T17:58:35Z", time.child("utc").orElseThrow().text());
    }

    @Test
    void setIsNotAllowed() throws Exception {
        Element reply = new TimeModule(Clock.systemUTC()).handle(iq("set"));
        assertEquals("not-allowed", reply.child("error").orElseThrow().firstElement().orElseThrow().name());
    }
}
