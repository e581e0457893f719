package xmpp.mod.pep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.Subscription;
import xmpp.core.xml.Element;

/** An account's PEP nodes in service discovery (XEP-0060 sections 5.2, 5.3): each shown to those who may read it. */
class PepNodesTest {

    static final Jid JULIET = PepServiceTest.JULIET;
    static final Jid ROMEO = PepServiceTest.ROMEO;
    static final Jid STRANGER = PepServiceTest.STRANGER;
    static final String GEOLOC = PepServiceTest.GEOLOC;
    static final String AVATAR = "urn:xmpp:avatar:metadata";

    final PepServiceTest pep = new PepServiceTest();
    final PepNodes nodes = new PepNodes(pep.store, pep.rosters, 10);

    PepNodesTest() throws Exception {
        pep.rosters.put(JULIET, new RosterItem(ROMEO, "", Subscription.BOTH, false, false, false, true, Set.of("Friends")));
        pep.ask(JULIET.withResource("balcony"), "set", "", PepServiceTest.geoloc("g1", "Verona"));
        pep.ask(JULIET.withResource("balcony"), "set", "", "<publish node='" + AVATAR + "'><item id='a1'><metadata xmlns='" + AVATAR + "'/></item></publish>"
                + PepServiceTest.options("pubsub#access_model", "open"));
    }

    static Map<String, List<String>> metaData(Element query) {
        Element form = query.elements().stream().filter(NodeConfig::isForm).findFirst().orElseThrow();
        assertEquals("result", form.attr("type"));
        return NodeConfig.fields(form);
    }

    @Test
    void aNodesInfoIsALeafWithItsMetaData() throws Exception {
        Element query = nodes.info(JULIET, GEOLOC, ROMEO).orElseThrow();
        assertEquals(GEOLOC, query.attr("node"));
        Element identity = query.child("identity").orElseThrow();
        assertEquals("pubsub", identity.attr("category"));
        assertEquals("leaf", identity.attr("type"));
        Map<String, List<String>> fields = metaData(query);
        assertEquals(List.of(NodeConfig.META_DATA), fields.get("FORM_TYPE"));
        assertEquals(List.of("presence"), fields.get("pubsub#access_model"));
        assertEquals(List.of(JULIET.toString()), fields.get("pubsub#owner"));
        assertTrue(!fields.containsKey("pubsub#roster_groups_allowed"), "the user's roster groups are hers to see");
        assertTrue(metaData(nodes.info(JULIET, GEOLOC, JULIET).orElseThrow()).containsKey("pubsub#roster_groups_allowed"));
    }

    @Test
    void aNodeTheRequesterMayNotReadIsUnknownToHim() throws Exception {
        assertTrue(nodes.info(JULIET, GEOLOC, STRANGER).isEmpty(), "presence access, and he is no subscriber");
        assertEquals(List.of("open"), metaData(nodes.info(JULIET, AVATAR, STRANGER).orElseThrow()).get("pubsub#access_model"));
        assertTrue(nodes.info(JULIET, "urn:none", JULIET).isEmpty());
    }

    @Test
    void theAccountsItemsAreTheNodesTheRequesterMayRead() throws Exception {
        assertEquals(List.of(GEOLOC, AVATAR), nodes(nodes.items(JULIET, ROMEO)));
        assertEquals(List.of(AVATAR), nodes(nodes.items(JULIET, STRANGER)));
        assertTrue(nodes.items(JULIET, ROMEO).stream().allMatch(i -> i.attr("jid").equals(JULIET.toString())));
    }

    static List<String> nodes(List<Element> items) {
        return items.stream().map(i -> i.attr("node")).sorted().toList();
    }
}
