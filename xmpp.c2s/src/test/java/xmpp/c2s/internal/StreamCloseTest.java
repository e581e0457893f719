package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The end of a stream (RFC 6120 section 4.4) over TCP: stanzas may cross the closing tags, and
 * what the server wrote last must still reach a client that writes before it reads (Smack does:
 * a write that fails ends its connection before it reads the server's closing tag).
 */
@Timeout(60)
class StreamCloseTest {

    @Test
    void whatTheClientSendsAfterItsClosingTagIsDroppedWithoutAReset() throws Exception {
        try (TestServer server = new TestServer()) {
            C2SListener listener = server.listen(TestServer.settings());
            try (RawClient romeo = RawClient.loggedIn(listener.port(), server, "romeo", "pencil", "r")) {
                romeo.send("</stream:stream>");
                romeo.readToStreamEnd();
                // An answer to an iq the server sent just before the client's closing tag reached it.
                romeo.send("<iq type='result' id='late-1'/>");
                Thread.sleep(200);   // the time a reset takes to come back, if the server answers with one
                romeo.send("<iq type='result' id='late-2'/>");   // after a reset: "Connection reset" or "Broken pipe"
                assertEquals(-1, romeo.nextByte(), "the server's side ends in order, with no reset");
            }
        }
    }

    @Test
    void aClientThatKeepsItsSideOpenAfterTheClosingTagsIsClosedAnyway() throws Exception {
        try (TestServer server = new TestServer()) {
            C2SListener listener = server.listen(TestServer.settings());
            try (RawClient romeo = RawClient.loggedIn(listener.port(), server, "romeo", "pencil", "r")) {
                romeo.send("</stream:stream>");
                romeo.readToStreamEnd();
                romeo.send("<iq type='result' id='late'/>");
                while (listener.openConnections() > 0) Thread.sleep(20);
            }
        }
    }
}
