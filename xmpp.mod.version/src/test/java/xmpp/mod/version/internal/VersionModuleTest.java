package xmpp.mod.version.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import xmpp.core.stanza.Iq;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class VersionModuleTest {

    static Iq iq(String type) throws Exception {
        return Iq.of(XmlStreams.parseElement("<iq type='" + type + "' id='v1' from='romeo@localhost/r' to='localhost'>"
                + "<query xmlns='jabber:iq:version'/></iq>"));
    }

    @Test
    void getAnswersNameVersionAndOs() throws Exception {
        Element reply = new VersionModule("xmpp.server", "0.2.0", "Linux 6.1").handle(iq("get"));
        assertEquals("result", reply.attr("type"));
        assertEquals("v1", reply.attr("id"));
        assertEquals("romeo@localhost/r", reply.attr("to"));
        Element query = reply.child("query", "jabber:iq:version").orElseThrow();
        assertEquals("xmpp.server", query.child("name").orElseThrow().text());
        assertEquals("0.2.0", query.child("version").orElseThrow().text());
        assertEquals("Linux 6.1", query.child("os").orElseThrow().text());
    }

    @Test
    void aHiddenOsLeavesTheElementOut() throws Exception {
        Element query = new VersionModule("xmpp.server", "0.2.0", "").handle(iq("get")).child("query", "jabber:iq:version").orElseThrow();
        assertTrue(query.child("os").isEmpty(), query.toXml());
        assertEquals("0.2.0", query.child("version").orElseThrow().text());
    }

    @Test
    void setIsNotAllowed() throws Exception {
        Element reply = new VersionModule("xmpp.server", "0.2.0", "Linux").handle(iq("set"));
        assertEquals("error", reply.attr("type"));
        assertEquals("not-allowed", reply.child("error").orElseThrow().firstElement().orElseThrow().name());
    }
}
