package xmpp.mod.upload.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xmpp.core.jid.Jid;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class SlotRequestsTest {

    @TempDir Path dir;

    SlotRequests requests() throws Exception {
        Uploads uploads = new Uploads(new DiskFileStore(dir), new Uploads.Limits(5000, 10000, Duration.ofDays(1), Duration.ofMinutes(5)),
                new UploadsTest.TurnedClock());
        return new SlotRequests(uploads, slot -> "https://localhost:5443/upload/" + Uploads.path(slot));
    }

    static Element iq(String payload) throws Exception {
        return XmlStreams.parseElement("<iq type='get' id='u1' from='juliet@localhost/balcony' to='upload.localhost'>" + payload + "</iq>");
    }

    @Test
    void aSlotRequestIsAnsweredWithThePutUrlItsAuthorizationAndTheGetUrl() throws Exception {
        Element reply = requests().handle(Jid.of("juliet@localhost/balcony"),
                iq("<request xmlns='urn:xmpp:http:upload:0' filename='tr\u00e8s cool.jpg' size='2345' content-type='image/jpeg'/>"));
        assertEquals("result", reply.attr("type"), reply.toXml());
        Element slot = reply.child("slot", "urn:xmpp:http:upload:0").orElseThrow();
        String put = slot.child("put").orElseThrow().attr("url");
        assertTrue(put.matches("https://localhost:5443/upload/[A-Za-z0-9_-]{22}/tr%C3%A8s%20cool\\.jpg"), put);
        assertEquals(put, slot.child("get").orElseThrow().attr("url"));
        Element header = slot.child("put").orElseThrow().child("header").orElseThrow();
        assertEquals("Authorization", header.attr("name"));
        assertTrue(header.text().startsWith("Bearer "), header.text());
    }

    @Test
    void aFileTooLargeIsRefusedWithTheLimit() throws Exception {
        Element reply = requests().handle(Jid.of("juliet@localhost/balcony"),
                iq("<request xmlns='urn:xmpp:http:upload:0' filename='big.iso' size='5001'/>"));
        Element error = reply.child("error").orElseThrow();
        assertEquals("modify", error.attr("type"));
        assertTrue(error.child("not-acceptable").isPresent(), reply.toXml());
        assertEquals("5000", error.child("file-too-large", "urn:xmpp:http:upload:0").orElseThrow().child("max-file-size").orElseThrow().text());
    }

    @Test
    void aRequestWithoutSizeOrNameIsABadRequest() throws Exception {
        for (String request : new String[] {"<request xmlns='urn:xmpp:http:upload:0' filename='a'/>",
                "<request xmlns='urn:xmpp:http:upload:0' size='10'/>", "<request xmlns='urn:xmpp:http:upload:0' filename='a' size='ten'/>"}) {
            Element reply = requests().handle(Jid.of("juliet@localhost/balcony"), iq(request));
            assertTrue(reply.child("error").orElseThrow().child("bad-request").isPresent(), reply.toXml());
        }
    }

    @Test
    void discoInfoNamesTheServiceAndItsSizeLimit() throws Exception {
        Element reply = requests().handle(Jid.of("juliet@localhost/balcony"), iq("<query xmlns='http://jabber.org/protocol/disco#info'/>"));
        Element query = reply.child("query").orElseThrow();
        assertEquals("store", query.child("identity").orElseThrow().attr("category"));
        assertEquals("urn:xmpp:http:upload:0", query.child("feature").orElseThrow().attr("var"));
        Element form = query.child("x", "jabber:x:data").orElseThrow();
        assertEquals("urn:xmpp:http:upload:0", form.elements().get(0).child("value").orElseThrow().text());
        assertEquals("max-file-size", form.elements().get(1).attr("var"));
        assertEquals("5000", form.elements().get(1).child("value").orElseThrow().text());
    }
}
