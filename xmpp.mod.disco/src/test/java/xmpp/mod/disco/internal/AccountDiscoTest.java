package xmpp.mod.disco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xmpp.mod.disco.internal.DiscoTestSupport.error;
import static xmpp.mod.disco.internal.DiscoTestSupport.features;
import static xmpp.mod.disco.internal.DiscoTestSupport.handler;
import static xmpp.mod.disco.internal.DiscoTestSupport.iq;
import static xmpp.mod.disco.internal.DiscoTestSupport.result;

import java.util.List;
import org.junit.jupiter.api.Test;
import xmpp.core.storage.Subscription;
import xmpp.core.xml.Element;

class AccountDiscoTest {

    final DiscoCatalog catalog = new DiscoCatalog();
    final DiscoTestSupport.Roster roster = new DiscoTestSupport.Roster()
            .with("romeo@localhost", Subscription.FROM).with("tybalt@localhost", Subscription.TO);
    final AccountInfo info = new AccountInfo(catalog, roster);
    final AccountItems items = new AccountItems(roster);

    {
        catalog.add(1L, handler(ServerInfo.NS, "local", "sm"));
        catalog.add(2L, handler("jabber:iq:last", "local", "sm"));
        catalog.add(3L, handler("jabber:iq:version", "local"));
    }

    Element infoFor(String from) throws Exception {
        return info.handle(iq("get", from, "juliet@localhost", ServerInfo.NS, ""));
    }

    @Test
    void aSubscriberSeesTheAccountIdentityAndTheAccountFeatures() throws Exception {
        Element query = result(infoFor("romeo@localhost/r"), ServerInfo.NS);
        Element identity = query.child("identity").orElseThrow();
        assertEquals("account", identity.attr("category"));
        assertEquals("registered", identity.attr("type"));
        assertEquals(List.of(ServerInfo.NS, "jabber:iq:last"), features(query), "scope sm only");
        assertTrue(result(items.handle(iq("get", "romeo@localhost/r", "juliet@localhost", ServerItems.NS, "")), ServerItems.NS)
                .elements().isEmpty());
    }

    @Test
    void theUsersOwnResourcesMayAsk() throws Exception {
        result(infoFor("juliet@localhost/balcony"), ServerInfo.NS);
        result(items.handle(iq("get", "juliet@localhost/balcony", "juliet@localhost", ServerItems.NS, "")), ServerItems.NS);
    }

    @Test
    void anyoneElseLearnsNothing() throws Exception {
        assertEquals("service-unavailable", error(infoFor("tybalt@localhost/r")), "she is subscribed to him, not he to her");
        assertEquals("service-unavailable", error(infoFor("nurse@localhost/r")));
        assertEquals("service-unavailable", error(items.handle(iq("get", "nurse@localhost/r", "juliet@localhost", ServerItems.NS, ""))));
    }

    @Test
    void wrongTypeAndUnknownNode() throws Exception {
        assertEquals("not-allowed", error(info.handle(iq("set", "romeo@localhost/r", "juliet@localhost", ServerInfo.NS, ""))));
        assertEquals("not-allowed", error(items.handle(iq("set", "romeo@localhost/r", "juliet@localhost", ServerItems.NS, ""))));
        assertEquals("item-not-found", error(info.handle(iq("get", "romeo@localhost/r", "juliet@localhost", ServerInfo.NS, "x"))));
    }
}
