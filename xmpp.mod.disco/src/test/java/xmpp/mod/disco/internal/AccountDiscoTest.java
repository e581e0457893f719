package xmpp.mod.disco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xmpp.mod.disco.internal.DiscoTestSupport.error;
import static xmpp.mod.disco.internal.DiscoTestSupport.features;
import static xmpp.mod.disco.internal.DiscoTestSupport.handler;
import static xmpp.mod.disco.internal.DiscoTestSupport.iq;
import static xmpp.mod.disco.internal.DiscoTestSupport.result;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.AccountNodes;
import xmpp.core.route.IqHandler;
import xmpp.core.storage.Subscription;
import xmpp.core.xml.Element;

class AccountDiscoTest {

    final DiscoCatalog catalog = new DiscoCatalog();
    final DiscoTestSupport.Roster roster = new DiscoTestSupport.Roster()
            .with("romeo@localhost", Subscription.FROM).with("tybalt@localhost", Subscription.TO);
    final AccountNodeCatalog nodes = new AccountNodeCatalog();
    final AccountNodes romeosNode = new RomeosNode();
    final AccountInfo info = new AccountInfo(catalog, nodes, roster);
    final AccountItems items = new AccountItems(nodes, roster);

    /** A module with one node, seen by Romeo alone. */
    static final class RomeosNode implements AccountNodes {
        @Override
        public List<Element> items(Jid account, Jid requester) {
            return requester.equals(Jid.of("romeo@localhost")) ? List.of(Element.builder("item").attr("jid", account.toString()).attr("node", "n").build()) : List.of();
        }

        @Override
        public Optional<Element> info(Jid account, String node, Jid requester) {
            return node.equals("n") && requester.equals(Jid.of("romeo@localhost")) ? Optional.of(Element.builder("query").xmlns(ServerInfo.NS).attr("node", "n").build()) : Optional.empty();
        }
    }

    {
        nodes.add(romeosNode, Map.of());
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
    }

    @Test
    void theAccountsItemsAreTheNodesModulesShowTheRequester() throws Exception {
        List<Element> romeos = result(items.handle(iq("get", "romeo@localhost/r", "juliet@localhost", ServerItems.NS, "")), ServerItems.NS).elements();
        assertEquals(List.of("n"), romeos.stream().map(e -> e.attr("node")).toList());
        assertEquals("juliet@localhost", romeos.getFirst().attr("jid"));
        assertTrue(result(items.handle(iq("get", "juliet@localhost/balcony", "juliet@localhost", ServerItems.NS, "")), ServerItems.NS)
                .elements().isEmpty(), "the module shows its node to Romeo only");
    }

    @Test
    void aNodesInfoIsItsModulesForWhoeverTheModuleLetsSeeIt() throws Exception {
        assertEquals("n", result(info.handle(iq("get", "romeo@localhost/r", "juliet@localhost", ServerInfo.NS, "n")), ServerInfo.NS).attr("node"));
        assertEquals("item-not-found", error(info.handle(iq("get", "juliet@localhost/balcony", "juliet@localhost", ServerInfo.NS, "n"))));
        nodes.add(new RomeosNode(), Map.of(IqHandler.HOST, "elsewhere"));
        nodes.remove(romeosNode);
        assertEquals("item-not-found", error(info.handle(iq("get", "romeo@localhost/r", "juliet@localhost", ServerInfo.NS, "n"))),
                "gone with its module; the one left keeps the nodes of another domain's accounts");
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
