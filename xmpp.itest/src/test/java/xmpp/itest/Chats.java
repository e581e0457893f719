package xmpp.itest;

import static org.junit.Assert.assertNotNull;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.Jid;

/** Chat messages between the tests' Smack clients. */
final class Chats {

    /** What a test does that makes a stanza come. */
    interface Action {
        void run() throws Exception;
    }

    private Chats() {
    }

    static void chat(XMPPTCPConnection from, Jid to, String body) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat).setBody(body).build());
    }

    /** The first message {@code c} gets from {@code from}'s account once {@code send} ran, waiting at most 30 s. */
    static Message received(XMPPTCPConnection c, Jid from, Action send) throws Exception {
        try (StanzaCollector messages = c.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE, FromMatchesFilter.createBare(from)))) {
            send.run();
            Message m = messages.nextResult(30_000);
            assertNotNull("no message from " + from, m);
            return m;
        }
    }
}
