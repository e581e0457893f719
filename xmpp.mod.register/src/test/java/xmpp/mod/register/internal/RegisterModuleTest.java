package xmpp.mod.register.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xmpp.core.auth.Accounts;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.stanza.Iq;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class RegisterModuleTest {

    static final class MemoryAccounts implements Accounts {
        final Map<Jid, String> passwords = new HashMap<>();

        public boolean exists(Jid a) { return passwords.containsKey(a); }
        public boolean checkPassword(Jid a, String p) { return p.equals(passwords.get(a)); }
        public boolean create(Jid a, String p) { return passwords.putIfAbsent(a, p) == null; }
        public boolean setPassword(Jid a, String p) { return passwords.replace(a, p) != null; }
        public boolean delete(Jid a) { return passwords.remove(a) != null; }
        public OptionalLong count(String host) { return OptionalLong.of(passwords.size()); }
        public List<String> list(String host, int offset, int limit) { return List.of(); }
    }

    static final class Client implements Session {
        final Jid jid;
        final List<Element> delivered = new ArrayList<>();
        volatile StreamError closedWith;

        Client(String jid) { this.jid = Jid.of(jid); }
        public Jid jid() { return jid; }
        public void deliver(Element stanza) { if (closedWith == null) delivered.add(stanza); }
        public void close(StreamError error) { closedWith = error; }
    }

    static final class Online implements Sessions {
        final List<Session> all = new ArrayList<>();

        public Optional<Element> presenceOf(Jid fullJid) { return Optional.empty(); }
        public Optional<Session> session(Jid fullJid) { return all.stream().filter(s -> s.jid().equals(fullJid)).findFirst(); }
        public List<Session> sessionsOf(Jid bareJid) { return all.stream().filter(s -> s.jid().bare().equals(bareJid)).toList(); }
        public boolean accountExists(Jid account) { return true; }
        public Collection<Session> sessions() { return all; }
    }

    static final Hosts LOCALHOST = new Hosts() {
        public Set<String> all() { return Set.of("localhost"); }
        public boolean isServed(String domain) { return domain.equals("localhost"); }
    };

    final MemoryAccounts accounts = new MemoryAccounts();
    final Online online = new Online();
    Instant now = Instant.parse("2026-11-29T12:00:00Z");
    final InetAddress client = InetAddress.getLoopbackAddress();

    RegisterModule module(boolean inBand, int perAddress) {
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now; }
        };
        return new RegisterModule(config(inBand, perAddress), accounts, online, LOCALHOST, clock, Duration.ZERO);
    }

    @Test
    void inBandRegistrationIsClosedUnlessConfigured() {
        assertFalse(module(false, 3).openOn("localhost"));
        assertTrue(module(true, 3).openOn("localhost"));
        assertFalse(module(true, 3).openOn("elsewhere.example"), "only served domains");
    }

    @Test
    void aClientGetsTheFormThenCreatesAnAccountOnce() throws Exception {
        RegisterModule m = module(true, 3);
        Element form = m.register(iq("<iq type='get' id='f'><query xmlns='jabber:iq:register'/></iq>"), "localhost", client);
        assertEquals("result", form.attr("type"));
        Element query = form.child("query").orElseThrow();
        assertTrue(query.child("username").isPresent() && query.child("password").isPresent());

        assertEquals("result", m.register(create("Juliet", "balcony"), "localhost", client).attr("type"));
        assertTrue(accounts.checkPassword(Jid.of("juliet@localhost"), "balcony"), "stored under the normalized name");
        assertEquals("conflict", condition(m.register(create("juliet", "other"), "localhost", client)));
    }

    @Test
    void missingFieldsAndImpossibleNamesAreNotAcceptable() throws Exception {
        RegisterModule m = module(true, 3);
        assertEquals("not-acceptable", condition(m.register(iq("<iq type='set' id='s'><query xmlns='jabber:iq:register'><username>romeo</username></query></iq>"), "localhost", client)));
        assertEquals("not-acceptable", condition(m.register(create("ro@meo", "x"), "localhost", client)));
        assertEquals("not-authorized", condition(m.register(iq("<iq type='set' id='r'><query xmlns='jabber:iq:register'><remove/></query></iq>"), "localhost", client)));
        assertTrue(accounts.passwords.isEmpty());
    }

    @Test
    void oneAddressCreatesOnlySoManyAccountsPerWindow() throws Exception {
        RegisterModule m = module(true, 2);
        assertEquals("result", m.register(create("a", "x"), "localhost", client).attr("type"));
        assertEquals("conflict", condition(m.register(create("a", "x"), "localhost", client)), "a refused one does not count");
        assertEquals("result", m.register(create("b", "x"), "localhost", client).attr("type"));
        assertEquals("resource-constraint", condition(m.register(create("c", "x"), "localhost", client)));
        now = now.plus(Duration.ofSeconds(3601));
        assertEquals("result", m.register(create("c", "x"), "localhost", client).attr("type"), "after the window");
    }

    @Test
    void aUserChangesHerOwnPasswordOnly() throws Exception {
        accounts.create(Jid.of("juliet@localhost"), "old");
        RegisterModule m = module(false, 3);
        Element get = m.handle(iq("<iq type='get' id='g' from='juliet@localhost/balcony' to='localhost'><query xmlns='jabber:iq:register'/></iq>"));
        assertTrue(get.child("query").orElseThrow().child("registered").isPresent());
        assertEquals("result", m.handle(change("juliet", "new")).attr("type"));
        assertTrue(accounts.checkPassword(Jid.of("juliet@localhost"), "new"));
        assertEquals("not-authorized", condition(m.handle(change("romeo", "mine"))));
        assertEquals("bad-request", condition(m.handle(change("juliet", ""))));
    }

    @Test
    void removingTheAccountAnswersThenClosesEverySessionOfIt() throws Exception {
        accounts.create(Jid.of("juliet@localhost"), "pw");
        Client balcony = new Client("juliet@localhost/balcony");
        Client garden = new Client("juliet@localhost/garden");
        online.all.addAll(List.of(balcony, garden));
        Element reply = module(false, 3).handle(iq("<iq type='set' id='rm' from='juliet@localhost/balcony' to='localhost'><query xmlns='jabber:iq:register'><remove/></query></iq>"));
        assertEquals("result", reply.attr("type"));
        assertFalse(accounts.exists(Jid.of("juliet@localhost")));
        for (Client c : List.of(balcony, garden)) {
            for (int i = 0; i < 100 && c.closedWith == null; i++) Thread.sleep(20);   // closed a moment after the answer
            assertEquals(StreamError.Condition.NOT_AUTHORIZED, c.closedWith.condition());
        }
    }

    @Test
    void anotherServersUserIsForbidden() throws Exception {
        assertEquals("forbidden", condition(module(false, 3).handle(
                iq("<iq type='get' id='x' from='romeo@elsewhere.example/r' to='localhost'><query xmlns='jabber:iq:register'/></iq>"))));
    }

    private static Iq create(String user, String password) throws Exception {
        return iq("<iq type='set' id='c'><query xmlns='jabber:iq:register'><username>" + user + "</username><password>" + password
                + "</password></query></iq>");
    }

    private static Iq change(String user, String password) throws Exception {
        return iq("<iq type='set' id='p' from='juliet@localhost/balcony' to='localhost'><query xmlns='jabber:iq:register'><username>"
                + user + "</username><password>" + password + "</password></query></iq>");
    }

    private static Iq iq(String xml) throws Exception {
        return Iq.of(XmlStreams.parseElement(xml));
    }

    private static String condition(Element reply) {
        assertEquals("error", reply.attr("type"), reply.toString());
        return reply.child("error").orElseThrow().firstElement().orElseThrow().name();
    }

    private static RegistrationConfig config(boolean inBand, int perAddress) {
        return new RegistrationConfig() {
            public Class<? extends Annotation> annotationType() { return RegistrationConfig.class; }
            public String xmpp_host() { return "*"; }
            public boolean in_band() { return inBand; }
            public int per_address() { return perAddress; }
            public int window_s() { return 3600; }
        };
    }
}
