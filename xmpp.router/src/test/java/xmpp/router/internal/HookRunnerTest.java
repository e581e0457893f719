package xmpp.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static xmpp.router.internal.Harness.props;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;
import xmpp.router.internal.Harness.FakeSession;

class HookRunnerTest {

    final HookRunner hooks = new HookRunner();
    final Jid a = Jid.of("a@localhost/r");
    final Jid b = Jid.of("b@localhost");

    StanzaHook tagging(String tag, List<String> log) {
        return (from, to, stanza) -> {
            log.add(tag);
            return stanza.withAttr("seen", stanza.attr("seen") + tag);
        };
    }

    @Test
    void hooksRunHighestRankingFirstAndEachSeesThePreviousResult() {
        List<String> log = new ArrayList<>();
        hooks.addHook(tagging("low", log), props(StanzaHook.POINT, StanzaHook.USER_SEND_PACKET, "service.ranking", -5));
        hooks.addHook(tagging("high", log), props(StanzaHook.POINT, StanzaHook.USER_SEND_PACKET, "service.ranking", 10));
        hooks.addHook(tagging("default", log), props(StanzaHook.POINT, StanzaHook.USER_SEND_PACKET));
        hooks.addHook(tagging("elsewhere", log), props(StanzaHook.POINT, StanzaHook.USER_RECEIVE_PACKET));
        Element out = hooks.run(StanzaHook.USER_SEND_PACKET, a, b, Element.of("message"));
        assertEquals(List.of("high", "default", "low"), log);
        assertEquals("highdefaultlow", out.attr("seen"));
    }

    @Test
    void aHookCanStopAStanzaAndAThrowingHookIsSkipped() {
        List<String> log = new ArrayList<>();
        hooks.addHook((from, to, s) -> { throw new IllegalStateException("bug"); }, props(StanzaHook.POINT, "p", "service.ranking", 5));
        hooks.addHook(tagging("after", log), props(StanzaHook.POINT, "p"));
        assertEquals("after", hooks.run("p", a, b, Element.of("message")).attr("seen"), "the stanza went on unchanged past the failure");
        StanzaHook stop = (from, to, s) -> null;
        hooks.addHook(stop, props(StanzaHook.POINT, "p", "service.ranking", 1));
        assertNull(hooks.run("p", a, b, Element.of("message")));
        assertEquals(List.of("after"), log, "nothing after a stop runs");
        hooks.removeHook(stop);
        assertEquals("after", hooks.run("p", a, b, Element.of("message")).attr("seen"));
    }

    @Test
    void hooksSeeWhatUsersSendAndReceive() throws Exception {
        Harness h = new Harness();
        FakeSession romeo = h.session("romeo@localhost/orchard", 0);
        FakeSession juliet = h.session("juliet@localhost/balcony", 0);
        h.hooks.addHook((from, to, s) -> s.withAttr("sent-via", "hook"), props(StanzaHook.POINT, StanzaHook.USER_SEND_PACKET));
        h.hooks.addHook((from, to, s) -> s.withAttr("received-via", "hook"), props(StanzaHook.POINT, StanzaHook.USER_RECEIVE_PACKET));
        h.router.send(romeo, juliet.jid(), Harness.xml("<message from='romeo@localhost/orchard' to='juliet@localhost/balcony' id='1'/>"));
        Element got = juliet.next();
        assertEquals("hook", got.attr("sent-via"));
        assertEquals("hook", got.attr("received-via"));
    }
    @Test
    void aReceiveHookIsToldWhichSessionGetsAMessageForTheBareJid() throws Exception {
        Harness h = new Harness();
        FakeSession romeo = h.session("romeo@localhost/orchard", 0);
        FakeSession juliet = h.session("juliet@localhost/balcony", 0);
        List<String> targets = new java.util.concurrent.CopyOnWriteArrayList<>();
        h.hooks.addHook((from, to, s) -> { targets.add(to.toString()); return s; }, props(StanzaHook.POINT, StanzaHook.USER_RECEIVE_PACKET));
        h.router.send(romeo, Jid.of("juliet@localhost"), Harness.xml("<message from='romeo@localhost/orchard' to='juliet@localhost' type='chat' id='1'/>"));
        assertEquals("juliet@localhost", juliet.next().attr("to"), "the stanza itself is unchanged");
        assertEquals(List.of("juliet@localhost/balcony"), targets);
    }

    @Test
    void whatASendHookMakesOfBroadcastPresenceIsWhatIsRecordedAndBroadcast() throws Exception {
        Harness h = new Harness();
        FakeSession juliet = h.session("juliet@localhost/balcony", 0);
        List<Element> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        h.listeners.addListener(new xmpp.core.route.SessionListener() {
            @Override
            public void available(xmpp.core.route.Session session, Element presence, java.util.Optional<Element> previous) {
                told.add(presence);
            }
        }, props());
        h.hooks.addHook((from, to, s) -> s.withAttr("sent-via", "hook"), props(StanzaHook.POINT, StanzaHook.USER_SEND_PACKET));
        h.router.presence(juliet, Harness.xml("<presence from='juliet@localhost/balcony'/>"));
        assertEquals("hook", juliet.next().attr("sent-via"));
        assertEquals("hook", h.router.presenceOf(juliet.jid()).orElseThrow().attr("sent-via"), "what probes are answered with");
        assertEquals("hook", told.getFirst().attr("sent-via"), "what the presence module broadcasts to contacts");
    }
}
