package xmpp.mod.adhoc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xmpp.core.command.AdhocCommand;
import xmpp.core.command.CommandStep;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.Iq;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** XEP-0050's flow: execute, a form, its submission, completion; cancel; the errors. */
class AdhocModuleTest {

    static final String NODE = "urn:example:greet";

    /** Asks for a name, then greets it; anyone but romeo may run it. */
    final List<String> greeted = new ArrayList<>();
    final AdhocCommand greet = new AdhocCommand() {
        @Override
        public boolean allowed(Jid requester, String host) {
            return !requester.localpart().equals("romeo");
        }

        @Override
        public CommandStep execute(Jid requester, String host, Optional<Element> submitted) throws Exception {
            if (submitted.isEmpty()) return CommandStep.ask(XmlStreams.parseElement("<x xmlns='jabber:x:data' type='form'><field var='name'/></x>"));
            String name = submitted.get().child("field").orElseThrow().child("value").orElseThrow().text();
            greeted.add(name);
            return CommandStep.done("Hello, " + name);
        }
    };

    final AdhocModule module = new AdhocModule(Duration.ofMinutes(10), Clock.systemUTC());

    AdhocModuleTest() {
        module.addCommand(greet, Map.of(AdhocCommand.NODE, NODE, AdhocCommand.NAME, "Greet"));
    }

    @Test
    void executeAsksForTheFormAndItsSubmissionCompletesTheCommand() throws Exception {
        Element first = command(module.handle(run("juliet", "<command xmlns='http://jabber.org/protocol/commands' node='" + NODE + "' action='execute'/>")));
        assertEquals("executing", first.attr("status"));
        assertEquals("complete", first.child("actions").orElseThrow().attr("execute"));
        String session = first.attr("sessionid");
        assertNotEquals("", session);

        Element done = command(module.handle(run("juliet", "<command xmlns='http://jabber.org/protocol/commands' node='" + NODE
                + "' sessionid='" + session + "' action='complete'><x xmlns='jabber:x:data' type='submit'><field var='name'><value>Romeo</value></field></x></command>")));
        assertEquals("completed", done.attr("status"));
        assertEquals("Hello, Romeo", done.child("note").orElseThrow().text());
        assertEquals(List.of("Romeo"), greeted);

        assertEquals("bad-request", condition(module.handle(run("juliet", "<command xmlns='http://jabber.org/protocol/commands' node='" + NODE
                + "' sessionid='" + session + "'><x xmlns='jabber:x:data' type='submit'/></command>"))), "a completed session is gone");
    }

    @Test
    void aCanceledSessionEndsWithoutRunning() throws Exception {
        String session = command(module.handle(run("juliet", "<command xmlns='http://jabber.org/protocol/commands' node='" + NODE + "'/>"))).attr("sessionid");
        Element canceled = command(module.handle(run("juliet", "<command xmlns='http://jabber.org/protocol/commands' node='" + NODE
                + "' sessionid='" + session + "' action='cancel'/>")));
        assertEquals("canceled", canceled.attr("status"));
        assertEquals(List.of(), greeted);
    }

    @Test
    void theErrorsSayWhatIsWrong() throws Exception {
        assertEquals("forbidden", condition(module.handle(run("romeo", "<command xmlns='http://jabber.org/protocol/commands' node='" + NODE + "'/>"))));
        assertEquals("item-not-found", condition(module.handle(run("juliet", "<command xmlns='http://jabber.org/protocol/commands' node='urn:nothing'/>"))));
        Element badSession = module.handle(run("juliet", "<command xmlns='http://jabber.org/protocol/commands' node='" + NODE + "' sessionid='nope'/>"));
        assertEquals("bad-request", condition(badSession));
        assertEquals("http://jabber.org/protocol/commands", badSession.child("error").orElseThrow().child("bad-sessionid").orElseThrow().namespace());
        String session = command(module.handle(run("juliet", "<command xmlns='http://jabber.org/protocol/commands' node='" + NODE + "'/>"))).attr("sessionid");
        assertEquals("bad-request", condition(module.handle(run("nurse", "<command xmlns='http://jabber.org/protocol/commands' node='" + NODE
                + "' sessionid='" + session + "'/>"))), "another requester's session is not hers");
        module.removeCommand(greet);
        assertEquals("item-not-found", condition(module.handle(run("juliet", "<command xmlns='http://jabber.org/protocol/commands' node='" + NODE + "'/>"))));
    }

    private static Iq run(String user, String command) throws Exception {
        return Iq.of(XmlStreams.parseElement("<iq type='set' id='c' from='" + user + "@localhost/r' to='localhost'>" + command + "</iq>"));
    }

    private static Element command(Element reply) {
        assertEquals("result", reply.attr("type"), reply.toString());
        return reply.child("command").orElseThrow();
    }

    private static String condition(Element reply) {
        assertEquals("error", reply.attr("type"), reply.toString());
        return reply.child("error").orElseThrow().firstElement().orElseThrow().name();
    }
}
