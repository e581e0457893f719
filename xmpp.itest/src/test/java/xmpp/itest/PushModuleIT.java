package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;
import static xmpp.itest.ServiceModulesIT.ask;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.jxmpp.jid.impl.JidCreate;
import xmpp.c2s.internal.RawClient;
import xmpp.c2s.internal.TestServer;
import xmpp.core.xml.Element;

/**
 * Push notifications (XEP-0357) in the exported server, to an app server stub on loopback (the
 * fixture bundle's {@code push.localhost}, which keeps what it gets): enable with publish-options,
 * the summary for a message to a user who is away, the body only when asked for, disable; a
 * message to a session detached by a lost connection (XEP-0198) is pushed and the resumed session
 * gets it; an app server that answers with errors loses its registration.
 */
public class PushModuleIT {

    private static ServerProcess server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        server = new ServerProcess();
        server.configure("xmpp.mod.push.cfg", "max.errors", "2");
        server.started();
        server.deploy("xmpp.itest.fixture");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) server.close();
    }

    @After
    public void disconnect() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    @Test
    public void aMessageToAUserWhoIsAwayReachesHerAppServerUntilSheDisablesIt() throws Exception {
        String juliet = server.newUser("push"), romeo = server.newUser("push");
        RawClient probe = raw(server.newUser("push"), "probe");
        eventually(() -> recorded(probe), l -> l != null);   // the stub is deployed and answers

        RawClient phone = raw(juliet, "phone");
        Element info = ask(phone, "<iq type='get' id='d1' to='" + juliet + "@localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        assertTrue(info.toString(), info.toString().contains("urn:xmpp:push:0"));
        assertEquals("result", ask(phone, enable("node-1", true)).attr("type"));
        phone.close();   // away: no session left

        XMPPTCPConnection romeoPhone = server.available(romeo, "phone");
        open.add(romeoPhone::disconnect);
        romeoPhone.sendStanza(chat(juliet, "Wherefore art thou?"));
        List<Element> got = eventually(() -> recorded(probe), l -> l.stream().anyMatch(n -> n.attr("from").equals(juliet + "@localhost")));
        Element publish = mine(got, juliet).getFirst();
        Element pubsub = publish.child("pubsub").orElseThrow();
        assertEquals("node-1", pubsub.child("publish").orElseThrow().attr("node"));
        Map<String, String> summary = fields(pubsub.child("publish").orElseThrow().child("item").orElseThrow()
                .child("notification").orElseThrow().child("x").orElseThrow());
        assertEquals("urn:xmpp:push:summary", summary.get("FORM_TYPE"));
        assertEquals("1", summary.get("message-count"));
        assertEquals(romeo + "@localhost/phone", summary.get("last-message-sender"));
        assertEquals("asked for at enable", "Wherefore art thou?", summary.get("last-message-body"));
        Map<String, String> options = fields(pubsub.child("publish-options").orElseThrow().child("x").orElseThrow());
        assertEquals("the client's secret goes to its app server", "s3cr3t", options.get("secret"));

        RawClient back = raw(juliet, "phone");
        assertEquals("result", ask(back, "<iq type='set' id='off'><disable xmlns='urn:xmpp:push:0' jid='push.localhost' node='node-1'/></iq>").attr("type"));
        assertEquals("result", ask(back, enable("node-2", false)).attr("type"));
        back.close();
        romeoPhone.sendStanza(chat(juliet, "second"));
        List<Element> after = eventually(() -> mine(recorded(probe), juliet), l -> l.size() >= 2);
        assertEquals("node-1 was disabled: one notification, to node-2", List.of("node-1", "node-2"),
                after.stream().map(p -> p.child("pubsub").orElseThrow().child("publish").orElseThrow().attr("node")).toList());
        Map<String, String> second = fields(after.get(1).child("pubsub").orElseThrow().child("publish").orElseThrow().child("item").orElseThrow()
                .child("notification").orElseThrow().child("x").orElseThrow());
        assertEquals("not asked for: no body", null, second.get("last-message-body"));
        assertEquals("2", second.get("message-count"));
    }

    @Test
    public void aMessageToADetachedSessionIsPushedAndTheResumedSessionGetsIt() throws Exception {
        String juliet = server.newUser("push"), romeo = server.newUser("push");
        RawClient probe = raw(server.newUser("push"), "probe");
        eventually(() -> recorded(probe), l -> l != null);

        RawClient phone = raw(juliet, "phone");
        assertEquals("result", ask(phone, enable("node-d", false)).attr("type"));
        phone.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        Element enabled = phone.next();
        assertEquals(enabled.toString(), "enabled", enabled.name());
        phone.send("<presence/>");   // available: a message to the account is for this session
        ask(phone, "<iq type='get' id='ping' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        phone.close();   // the phone went into a tunnel: no </stream>
        eventually(() -> server.ctl("xmpp:sessions"), s -> s.lines().anyMatch(l -> l.startsWith(juliet + "@localhost/phone") && l.contains("detached")));

        XMPPTCPConnection romeoPhone = server.available(romeo, "phone");
        open.add(romeoPhone::disconnect);
        romeoPhone.sendStanza(chat(juliet, "Are you in a tunnel?"));
        List<Element> pushed = eventually(() -> mine(recorded(probe), juliet), l -> !l.isEmpty());
        assertEquals("node-d", pushed.getFirst().child("pubsub").orElseThrow().child("publish").orElseThrow().attr("node"));

        RawClient again = RawClient.connect(server.clientPort);   // plain text from loopback, as the shipped listener allows
        open.add(again);
        again.openStream("localhost");
        assertEquals("success", again.plain(juliet, "pw").name());
        again.openStream("localhost");
        again.send("<resume xmlns='urn:xmpp:sm:3' previd='" + enabled.attr("id") + "' h='0'/>");
        Element resumed = again.next();
        assertEquals(resumed.toString(), "resumed", resumed.name());
        Element message;
        do {
            message = again.next();
        } while (!message.name().equals("message"));
        assertEquals("Are you in a tunnel?", message.child("body").orElseThrow().text());
    }

    @Test
    public void anAppServerThatAnswersWithErrorsLosesTheRegistration() throws Exception {
        String juliet = server.newUser("push"), romeo = server.newUser("push");
        RawClient probe = raw(server.newUser("push"), "probe");
        eventually(() -> recorded(probe), l -> l != null);
        RawClient phone = raw(juliet, "phone");
        assertEquals("result", ask(phone, enable("gone-1", false)).attr("type"));
        assertEquals("result", ask(phone, enable("node-kept", false)).attr("type"));
        phone.close();

        XMPPTCPConnection romeoPhone = server.available(romeo, "phone");
        open.add(romeoPhone::disconnect);
        for (int i = 1; i <= 2; i++) {   // max.errors=2 here
            romeoPhone.sendStanza(chat(juliet, "message " + i));
            int expected = 2 * i;
            eventually(() -> mine(recorded(probe), juliet), l -> l.size() >= expected);
        }
        romeoPhone.sendStanza(chat(juliet, "message 3"));
        List<Element> all = eventually(() -> mine(recorded(probe), juliet), l -> l.size() >= 5);
        assertEquals("the app server's device is gone: two errors, then no more notifications to it",
                List.of("gone-1", "node-kept", "gone-1", "node-kept", "node-kept"), nodes(all));
    }

    private static List<String> nodes(List<Element> publishes) {
        return publishes.stream().map(p -> p.child("pubsub").orElseThrow().child("publish").orElseThrow().attr("node")).toList();
    }

    private static String enable(String node, boolean body) {
        return "<iq type='set' id='on-" + node + "'><enable xmlns='urn:xmpp:push:0' jid='push.localhost' node='" + node + "'>"
                + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                + "<field var='secret'><value>s3cr3t</value></field>"
                + (body ? "<field var='last-message-body'><value>true</value></field>" : "") + "</x></enable></iq>";
    }

    private static Message chat(String user, String body) throws Exception {
        return MessageBuilder.buildMessage().to(JidCreate.entityBareFrom(user + "@localhost")).ofType(Message.Type.chat).setBody(body).build();
    }

    private static List<Element> mine(List<Element> recorded, String user) {
        return recorded.stream().filter(n -> n.attr("from").equals(user + "@localhost")).toList();
    }

    private static final java.util.concurrent.atomic.AtomicInteger asks = new java.util.concurrent.atomic.AtomicInteger();

    /** What the stub has received, oldest first. */
    private static List<Element> recorded(RawClient probe) throws Exception {
        Element reply = ask(probe, "<iq type='get' id='r" + asks.incrementAndGet() + "' to='push.localhost'><recorded xmlns='urn:xmpp:itest:push'/></iq>");
        if (!reply.attr("type").equals("result")) return null;
        return reply.child("recorded").orElseThrow().elements();
    }

    private static Map<String, String> fields(Element form) {
        Map<String, String> result = new TreeMap<>();
        for (Element f : form.elements()) result.put(f.attr("var"), f.child("value").map(Element::text).orElse(""));
        return result;
    }

    private RawClient raw(String user, String resource) throws Exception {
        RawClient raw = RawClient.loggedIn(server.clientPort, TestServer.trusting(server.home.resolve("data")), user, "pw", resource);
        open.add(raw);
        return raw;
    }
}
