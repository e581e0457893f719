package xmpp.mod.pep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.Iq;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.Subscription;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** XEP-0163 publish, retract and items, the errors of XEP-0060, and notifications filtered by caps. */
class PepServiceTest {

    static final Jid JULIET = Jid.of("juliet@example.com");
    static final Jid ROMEO = Jid.of("romeo@example.net");
    static final Jid STRANGER = Jid.of("iago@example.net");
    static final String GEOLOC = "http://jabber.org/protocol/geoloc";

    final Fakes.RecordingRouter router = new Fakes.RecordingRouter();
    final Fakes.OnlineSessions sessions = new Fakes.OnlineSessions();
    final Fakes.MemoryRosters rosters = new Fakes.MemoryRosters();
    final Fakes.MemoryPubSub store = new Fakes.MemoryPubSub();
    final PepEvents events = new PepEvents(router, sessions, rosters, store, Runnable::run);
    final PepService pep = new PepService(store, rosters, events, 10, 2000);
    final PepOwnerService owner = new PepOwnerService(store, events, 10);

    static Element xml(String s) throws Exception {
        return XmlStreams.parseElement(s);
    }

    Element ask(Jid from, String type, String to, String pubsub) throws Exception {
        String addressed = to.isEmpty() ? "" : " to='" + to + "'";
        return pep.handle(Iq.of(xml("<iq type='" + type + "' id='p1' from='" + from + "'" + addressed + ">"
                + "<pubsub xmlns='http://jabber.org/protocol/pubsub'>" + pubsub + "</pubsub></iq>")));
    }

    Element own(Jid from, String type, String to, String pubsub) throws Exception {
        String addressed = to.isEmpty() ? "" : " to='" + to + "'";
        return owner.handle(Iq.of(xml("<iq type='" + type + "' id='o1' from='" + from + "'" + addressed + ">"
                + "<pubsub xmlns='http://jabber.org/protocol/pubsub#owner'>" + pubsub + "</pubsub></iq>")));
    }

    static String geoloc(String id, String text) {
        return "<publish node='" + GEOLOC + "'><item id='" + id + "'><geoloc xmlns='" + GEOLOC + "'><text>" + text + "</text></geoloc></item></publish>";
    }

    static String options(String... fieldAndValue) {
        StringBuilder sb = new StringBuilder("<publish-options><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>");
        for (int i = 0; i < fieldAndValue.length; i += 2) sb.append("<field var='").append(fieldAndValue[i]).append("'><value>").append(fieldAndValue[i + 1]).append("</value></field>");
        return sb.append("</x></publish-options>").toString();
    }

    static void assertError(Element reply, String condition, String appCondition) {
        assertEquals("error", reply.attr("type"), reply.toXml());
        assertTrue(reply.child("pubsub").isEmpty(), "the request is not echoed: " + reply.toXml());
        Element error = reply.child("error").orElseThrow();
        assertTrue(error.child(condition, "urn:ietf:params:xml:ns:xmpp-stanzas").isPresent(), reply.toXml());
        if (!appCondition.isEmpty()) assertTrue(error.child(appCondition, PubSub.ERRORS_NS).isPresent(), reply.toXml());
    }

    void subscribed(Jid owner, Jid contact) {
        rosters.put(owner, new RosterItem(contact, "", Subscription.BOTH, false, false, false, true, Set.of("Friends")));
        rosters.put(contact, new RosterItem(owner, "", Subscription.BOTH, false, false, false, true, Set.of()));
    }

    /** Brings a resource online with caps whose features the cache learns from its answer. */
    Jid online(Jid account, String resource, String... features) throws Exception {
        Jid full = account.withResource(resource);
        Element presence = xml("<presence from='" + full + "'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='urn:test' ver='" + resource + "'/></presence>");
        events.available(sessions.online(full, presence), presence, Optional.empty());
        Element query = router.to(full).getLast().stanza();
        StringBuilder answer = new StringBuilder("<iq type='result' id='" + query.attr("id") + "' from='" + full + "' to='" + full.domainpart() + "'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info' node='urn:test#" + resource + "'>");
        for (String f : features) answer.append("<feature var='").append(f).append("'/>");
        assertEquals(null, events.process(full, Jid.ofDomain(full.domainpart()), xml(answer.append("</query></iq>").toString())), "the answer is the module's");
        return full;
    }

    List<Element> events(Jid to) {
        return router.to(to).stream().map(Fakes.Routed::stanza).filter(s -> s.name().equals("message")).toList();
    }

    @Test
    void aPublicationGoesToTheContactsResourcesThatWantItOnly() throws Exception {
        subscribed(JULIET, ROMEO);
        Jid wants = online(ROMEO, "phone", GEOLOC + "+notify");
        Jid doesNot = online(ROMEO, "desktop", "http://jabber.org/protocol/disco#info");
        Jid own = online(JULIET, "balcony", GEOLOC + "+notify");
        Element reply = ask(JULIET.withResource("balcony"), "set", "", geoloc("g1", "Verona"));
        assertEquals("result", reply.attr("type"), reply.toXml());
        assertEquals("g1", reply.child("pubsub").orElseThrow().child("publish").orElseThrow().child("item").orElseThrow().attr("id"));
        Element event = events(wants).getFirst();
        assertEquals("juliet@example.com", event.attr("from"));
        assertEquals("headline", event.attr("type"));
        Element items = event.child("event", PubSub.EVENT_NS).orElseThrow().child("items").orElseThrow();
        assertEquals(GEOLOC, items.attr("node"));
        assertEquals("Verona", items.child("item").orElseThrow().child("geoloc", GEOLOC).orElseThrow().child("text").orElseThrow().text());
        assertEquals(List.of(), events(doesNot), "a resource without +notify gets nothing");
        assertEquals(1, events(own).size(), "the publisher's own resources that want the node get it too");
    }

    /**
     * In a cluster: a contact's available resource on another node is sent the event too, and
     * the PEP module of its node lets it through only if its caps want the node there.
     */
    @Test
    void aPublicationGoesToResourcesOnOtherNodesWhereOnlyThoseThatWantItLetItIn() throws Exception {
        subscribed(JULIET, ROMEO);
        Jid tablet = ROMEO.withResource("tablet");
        sessions.elsewhere.put(tablet, xml("<presence from='" + tablet + "'/>"));
        ask(JULIET.withResource("balcony"), "set", "", geoloc("g1", "Verona"));
        Element event = events(tablet).getFirst();

        Fakes.OnlineSessions tabletsNode = new Fakes.OnlineSessions();
        Fakes.RecordingRouter thereRoutes = new Fakes.RecordingRouter();
        PepEvents there = new PepEvents(thereRoutes, tabletsNode, rosters, store, Runnable::run);
        RemoteEvents filter = new RemoteEvents(there);
        tabletsNode.online(tablet, xml("<presence from='" + tablet + "'/>"));
        assertEquals(null, filter.process(JULIET, tablet, event), "its caps do not say it wants the node");
        Element presence = xml("<presence from='" + tablet + "'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='urn:test' ver='t'/></presence>");
        there.available(tabletsNode.online(tablet, presence), presence, Optional.empty());
        String asked = thereRoutes.to(tablet).getLast().stanza().attr("id");   // the caps question, answered as a client does
        there.process(tablet, Jid.ofDomain("example.net"), xml("<iq type='result' id='" + asked + "' from='" + tablet + "' to='example.net'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info' node='urn:test#t'><feature var='" + GEOLOC + "+notify'/></query></iq>"));
        assertEquals(event, filter.process(JULIET, tablet, event), "now they do");
    }

    @Test
    void aResourceThatStartsToWantANodeGetsItsLastItem() throws Exception {
        subscribed(JULIET, ROMEO);
        ask(JULIET.withResource("balcony"), "set", "", geoloc("g1", "Verona"));
        ask(JULIET.withResource("balcony"), "set", "", geoloc("g2", "Mantua"));
        Jid before = online(ROMEO, "phone", "urn:other");
        assertEquals(List.of(), events(before));
        Jid after = online(ROMEO, "phone2", GEOLOC + "+notify");
        List<Element> got = events(after);
        assertEquals(1, got.size(), "the last item only");
        assertEquals("g2", got.getFirst().child("event", PubSub.EVENT_NS).orElseThrow().child("items").orElseThrow().child("item").orElseThrow().attr("id"));
        assertEquals(List.of(), events(online(STRANGER, "x", GEOLOC + "+notify")), "nobody who cannot see the node");
    }

    @Test
    void publishOptionsConfigureANewNodeAndArePreconditionsAfterwards() throws Exception {
        Jid from = JULIET.withResource("balcony");
        String devices = "<publish node='urn:xmpp:omemo:2:devices'><item id='current'><devices xmlns='urn:xmpp:omemo:2'/></item></publish>";
        assertEquals("result", ask(from, "set", "", devices + options("pubsub#access_model", "open", "pubsub#max_items", "max")).attr("type"));
        assertEquals("result", ask(from, "set", "", devices + options("pubsub#access_model", "open")).attr("type"));
        assertError(ask(from, "set", "", devices + options("pubsub#access_model", "presence")), "conflict", "precondition-not-met");
        assertError(ask(from, "set", "", devices + options("pubsub#unknown_option", "1")), "conflict", "precondition-not-met");
        Element items = ask(STRANGER.withResource("x"), "get", JULIET.toString(), "<items node='urn:xmpp:omemo:2:devices'/>");
        assertEquals("current", items.child("pubsub").orElseThrow().child("items").orElseThrow().child("item").orElseThrow().attr("id"), "open: anyone reads");
        assertError(ask(from, "set", "", geoloc("g", "x") + options("pubsub#max_items", "11")), "not-acceptable", "invalid-options");
    }

    @Test
    void accessModelsDecideWhoReads() throws Exception {
        subscribed(JULIET, ROMEO);
        Jid from = JULIET.withResource("balcony");
        ask(from, "set", "", geoloc("g1", "Verona"));
        assertEquals("result", ask(ROMEO.withResource("phone"), "get", "juliet@example.com", "<items node='" + GEOLOC + "'/>").attr("type"), "presence: a subscriber reads");
        assertError(ask(STRANGER.withResource("x"), "get", "juliet@example.com", "<items node='" + GEOLOC + "'/>"), "not-authorized", "presence-subscription-required");
        ask(from, "set", "", "<publish node='urn:xmpp:bookmarks:1'><item id='r@muc'><conference xmlns='urn:xmpp:bookmarks:1'/></item></publish>"
                + options("pubsub#access_model", "whitelist", "pubsub#persist_items", "true", "pubsub#max_items", "max", "pubsub#send_last_published_item", "never"));
        assertError(ask(ROMEO.withResource("phone"), "get", "juliet@example.com", "<items node='urn:xmpp:bookmarks:1'/>"), "not-allowed", "closed-node");
        Element own = ask(JULIET.withResource("garden"), "get", "", "<items node='urn:xmpp:bookmarks:1'/>");
        assertEquals("r@muc", own.child("pubsub").orElseThrow().child("items").orElseThrow().child("item").orElseThrow().attr("id"), "another resource of hers reads");
        assertError(ask(from, "get", "", "<items node='urn:nothing'/>"), "item-not-found", "");
    }

    @Test
    void onlyTheUserPublishesAndRetractsAndARetractionIsNotified() throws Exception {
        subscribed(JULIET, ROMEO);
        assertError(ask(ROMEO.withResource("phone"), "set", "juliet@example.com", geoloc("g1", "x")), "forbidden", "");
        Jid phone = online(ROMEO, "phone", GEOLOC + "+notify");
        Jid from = JULIET.withResource("balcony");
        ask(from, "set", "", geoloc("g1", "Verona"));
        assertEquals("result", ask(from, "set", "", "<retract node='" + GEOLOC + "' notify='true'><item id='g1'/></retract>").attr("type"));
        Element retract = events(phone).getLast().child("event", PubSub.EVENT_NS).orElseThrow().child("items").orElseThrow().child("retract").orElseThrow();
        assertEquals("g1", retract.attr("id"));
        assertError(ask(from, "set", "", "<retract node='" + GEOLOC + "'><item id='g1'/></retract>"), "item-not-found", "");
        assertError(ask(from, "set", "", "<publish node='" + GEOLOC + "'><item id='e'/></publish>"), "bad-request", "payload-required");
        assertError(ask(from, "set", "", "<publish><item><a xmlns='urn:a'/></item></publish>"), "bad-request", "nodeid-required");
        assertError(ask(from, "set", "", geoloc("big", "x".repeat(3000))), "not-acceptable", "payload-too-big");
    }

    @Test
    void aQuestionNobodyAskedPassesAndAnAnswerFromAnotherResourceIsNotTaken() throws Exception {
        Element unrelated = xml("<iq type='result' id='pep-caps-1' from='romeo@example.net/phone' to='example.net'/>");
        assertEquals(unrelated, events.process(ROMEO.withResource("phone"), Jid.ofDomain("example.net"), unrelated));
        Jid full = ROMEO.withResource("phone");
        Element presence = xml("<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='urn:test' ver='v'/></presence>");
        events.available(sessions.online(full, presence), presence, Optional.empty());
        Element query = router.to(full).getLast().stanza();
        Element forged = xml("<iq type='result' id='" + query.attr("id") + "' to='example.net'/>");
        assertEquals(forged, events.process(ROMEO.withResource("other"), Jid.ofDomain("example.net"), forged), "only the asked resource answers");
    }

    /** Conversations' way with a node whose access model is not the one it needs: read the configuration, change it, publish again. */
    @Test
    void theOwnerReconfiguresANodeSoThatItsPublishOptionsHoldAgain() throws Exception {
        Jid from = JULIET.withResource("balcony");
        String devices = "<publish node='urn:xmpp:omemo:2:devices'><item id='current'><devices xmlns='urn:xmpp:omemo:2'/></item></publish>";
        ask(from, "set", "", devices);
        assertError(ask(from, "set", "", devices + options("pubsub#access_model", "open")), "conflict", "precondition-not-met");
        Element form = own(from, "get", "", "<configure node='urn:xmpp:omemo:2:devices'/>").child("pubsub").orElseThrow()
                .child("configure").orElseThrow().child("x").orElseThrow();
        assertEquals(List.of("presence"), NodeConfig.fields(form).get(NodeConfig.ACCESS_MODEL));
        assertEquals("result", own(from, "set", "", "<configure node='urn:xmpp:omemo:2:devices'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='pubsub#access_model'><value>open</value></field></x></configure>").attr("type"));
        assertEquals("result", ask(from, "set", "", devices + options("pubsub#access_model", "open")).attr("type"));
        assertError(own(ROMEO.withResource("phone"), "get", "juliet@example.com", "<configure node='urn:xmpp:omemo:2:devices'/>"), "forbidden", "");
        assertError(own(from, "set", "", "<configure node='urn:xmpp:omemo:2:devices'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='pubsub#access_model'><value>authorize</value></field></x></configure>"), "not-acceptable", "invalid-options");
        assertEquals(List.of("presence"), NodeConfig.fields(own(from, "get", "", "<default/>").child("pubsub").orElseThrow()
                .child("default").orElseThrow().child("x").orElseThrow()).get(NodeConfig.ACCESS_MODEL));
        assertEquals("result", own(from, "set", "", "<purge node='urn:xmpp:omemo:2:devices'/>").attr("type"));
        assertEquals(0, store.count(JULIET, "urn:xmpp:omemo:2:devices"));
        assertEquals("result", own(from, "set", "", "<delete node='urn:xmpp:omemo:2:devices'/>").attr("type"));
        assertError(own(from, "set", "", "<delete node='urn:xmpp:omemo:2:devices'/>"), "item-not-found", "");
    }

    /** XEP-0060 sections 8.5.2 and 8.4.2 on an account: who gets the node's notifications hears of its purge and of its deletion. */
    @Test
    void aPurgeAndADeletionAreNotifiedToThoseWhoWantTheNode() throws Exception {
        subscribed(JULIET, ROMEO);
        Jid wants = online(ROMEO, "phone", GEOLOC + "+notify");
        Jid doesNot = online(ROMEO, "desktop", "http://jabber.org/protocol/disco#info");
        ask(JULIET.withResource("balcony"), "set", "", geoloc("g1", "Verona"));
        assertEquals(1, events(wants).size());
        assertEquals("result", own(JULIET.withResource("balcony"), "set", "", "<purge node='" + GEOLOC + "'/>").attr("type"));
        assertEquals("result", own(JULIET.withResource("balcony"), "set", "", "<delete node='" + GEOLOC + "'/>").attr("type"));
        List<Element> got = events(wants);
        assertEquals(3, got.size(), got.toString());
        assertEquals(GEOLOC, got.get(1).child("event", PubSub.EVENT_NS).orElseThrow().child("purge").orElseThrow().attr("node"));
        assertEquals(GEOLOC, got.get(2).child("event", PubSub.EVENT_NS).orElseThrow().child("delete").orElseThrow().attr("node"));
        assertEquals(List.of(), events(doesNot));
    }

    /**
     * XEP-0060 section 8.9 on an account: the user lists and sets her nodes' affiliations; a
     * whitelist node opens to its members (who hear of it as contacts do), publishers publish to
     * it, an outcast neither reads nor hears a node his presence subscription would show him.
     */
    @Test
    void affiliationsOpenAWhitelistNodeToMembersAndShutOutcastsOut() throws Exception {
        String plans = "urn:example:plans";
        subscribed(JULIET, ROMEO);
        Jid from = JULIET.withResource("balcony");
        Jid phone = online(ROMEO, "phone", plans + "+notify", GEOLOC + "+notify");
        String item = "<publish node='" + plans + "'><item id='ID'><plan xmlns='" + plans + "'/></item></publish>";
        ask(from, "set", "", item.replace("ID", "p1") + options("pubsub#access_model", "whitelist"));
        assertError(ask(phone, "get", JULIET.toString(), "<items node='" + plans + "'/>"), "not-allowed", "closed-node");
        assertEquals(List.of(), events(phone));

        assertEquals("result", own(from, "set", "", "<affiliations node='" + plans + "'><affiliation jid='" + ROMEO + "' affiliation='member'/>"
                + "<affiliation jid='" + STRANGER + "/x' affiliation='publish-only'/></affiliations>").attr("type"));
        assertEquals(List.of("juliet@example.com owner", "iago@example.net publish-only", "romeo@example.net member"),
                own(from, "get", "", "<affiliations node='" + plans + "'/>").child("pubsub").orElseThrow().child("affiliations").orElseThrow()
                        .elements().stream().map(a -> a.attr("jid") + " " + a.attr("affiliation")).toList());
        assertEquals(List.of("p1"), ids(ask(phone, "get", JULIET.toString(), "<items node='" + plans + "'/>")), "a member reads");
        assertEquals("result", ask(STRANGER.withResource("x"), "set", JULIET.toString(), item.replace("ID", "p2")).attr("type"), "a publish-only JID publishes");
        assertEquals("p2", events(phone).getLast().child("event", PubSub.EVENT_NS).orElseThrow().child("items").orElseThrow().child("item").orElseThrow().attr("id"),
                "a member who is a contact hears of the node");
        assertError(ask(STRANGER.withResource("x"), "get", JULIET.toString(), "<items node='" + plans + "'/>"), "not-allowed", "closed-node");
        assertError(ask(STRANGER.withResource("x"), "set", JULIET.toString(), "<retract node='" + plans + "'><item id='p2'/></retract>"), "forbidden", "");
        assertError(ask(STRANGER.withResource("x"), "set", JULIET.toString(), geoloc("g", "x")), "forbidden", "");
        assertError(own(ROMEO.withResource("phone"), "set", JULIET.toString(), "<affiliations node='" + plans + "'><affiliation jid='" + ROMEO + "' affiliation='owner'/></affiliations>"),
                "forbidden", "");
        assertError(own(from, "set", "", "<affiliations node='" + plans + "'><affiliation jid='" + ROMEO + "' affiliation='owner'/></affiliations>"), "not-acceptable", "");
        assertError(own(from, "set", "", "<affiliations node='" + plans + "'><affiliation jid='" + JULIET + "' affiliation='none'/></affiliations>"), "conflict", "");

        ask(from, "set", "", geoloc("g1", "Verona"));
        int heard = events(phone).size();
        own(from, "set", "", "<affiliations node='" + GEOLOC + "'><affiliation jid='" + ROMEO + "' affiliation='outcast'/></affiliations>");
        assertError(ask(phone, "get", JULIET.toString(), "<items node='" + GEOLOC + "'/>"), "forbidden", "");
        ask(from, "set", "", geoloc("g2", "Mantua"));
        assertEquals(heard, events(phone).size(), "an outcast hears nothing, presence subscription or not");
    }

    /** XEP-0059 on an account's node, as the pubsub service pages: newest first, a page after another, the count. */
    @Test
    void itemsArePagedWithResultSetManagement() throws Exception {
        Jid from = JULIET.withResource("balcony");
        for (String id : List.of("g1", "g2", "g3")) ask(from, "set", "", geoloc(id, id) + options("pubsub#max_items", "10"));
        Element first = ask(from, "get", "", "<items node='" + GEOLOC + "'/><set xmlns='http://jabber.org/protocol/rsm'><max>2</max></set>");
        assertEquals(List.of("g3", "g2"), ids(first));
        Element set = first.child("pubsub").orElseThrow().child("set", "http://jabber.org/protocol/rsm").orElseThrow(() -> new AssertionError(first.toXml()));
        assertEquals("3", set.child("count").orElseThrow().text());
        assertEquals("g2", set.child("last").orElseThrow().text());
        Element next = ask(from, "get", "", "<items node='" + GEOLOC + "'/><set xmlns='http://jabber.org/protocol/rsm'><max>2</max><after>g2</after></set>");
        assertEquals(List.of("g1"), ids(next));
        assertEquals(List.of("g2"), ids(ask(from, "get", "", "<items node='" + GEOLOC + "'/><set xmlns='http://jabber.org/protocol/rsm'><max>1</max><index>1</index></set>")));
        assertError(ask(from, "get", "", "<items node='" + GEOLOC + "'/><set xmlns='http://jabber.org/protocol/rsm'><after>gone</after></set>"), "item-not-found", "");
        assertEquals(List.of("g3"), ids(ask(from, "get", "", "<items node='" + GEOLOC + "' max_items='1'/>")), "max_items without a set, as before");
    }

    /**
     * XEP-0163 section 5: a PEP service supports subscribe and unsubscribe (XEP-0060 6.1, 6.2).
     * Someone who is no contact subscribes to an open node and hears of it, the last item
     * first; subscribing again answers the same subscription; a presence node stays closed to
     * him; after unsubscribing he hears nothing more.
     */
    @Test
    void anExplicitSubscriptionToAnAccountsNodeBringsItsNotifications() throws Exception {
        Jid from = JULIET.withResource("balcony");
        Jid iago = STRANGER.withResource("x");
        String devices = "urn:xmpp:omemo:2:devices";
        String publish = "<publish node='" + devices + "'><item id='ID'><devices xmlns='urn:xmpp:omemo:2'/></item></publish>";
        ask(from, "set", "", publish.replace("ID", "d1") + options("pubsub#access_model", "open"));
        ask(from, "set", "", geoloc("g1", "Verona"));

        Element reply = ask(iago, "set", JULIET.toString(), "<subscribe node='" + devices + "' jid='" + iago + "'/>");
        Element subscription = reply.child("pubsub").orElseThrow().child("subscription").orElseThrow(() -> new AssertionError(reply.toXml()));
        assertEquals("subscribed", subscription.attr("subscription"));
        assertEquals(iago.toString(), subscription.attr("jid"));
        assertEquals(devices, subscription.attr("node"));
        assertEquals(List.of("d1"), events(iago).stream().map(e -> e.child("event", PubSub.EVENT_NS).orElseThrow().child("items").orElseThrow()
                .child("item").orElseThrow().attr("id")).toList(), "the last item comes with the subscription");
        assertEquals(subscription.attr("subid"), ask(iago, "set", JULIET.toString(), "<subscribe node='" + devices + "' jid='" + iago + "'/>")
                .child("pubsub").orElseThrow().child("subscription").orElseThrow().attr("subid"), "one subscription per JID");

        ask(from, "set", "", publish.replace("ID", "d2"));
        assertEquals("d2", events(iago).getLast().child("event", PubSub.EVENT_NS).orElseThrow().child("items").orElseThrow().child("item").orElseThrow().attr("id"));
        assertEquals(2, events(iago).size());

        assertError(ask(iago, "set", JULIET.toString(), "<subscribe node='" + GEOLOC + "' jid='" + iago + "'/>"), "not-authorized", "presence-subscription-required");
        assertError(ask(iago, "set", JULIET.toString(), "<subscribe node='" + devices + "' jid='" + ROMEO + "'/>"), "bad-request", "invalid-jid");
        assertError(ask(iago, "set", JULIET.toString(), "<subscribe node='urn:nothing' jid='" + iago + "'/>"), "item-not-found", "");

        assertEquals("result", ask(iago, "set", JULIET.toString(), "<unsubscribe node='" + devices + "' jid='" + iago + "'/>").attr("type"));
        ask(from, "set", "", publish.replace("ID", "d3"));
        assertEquals(2, events(iago).size(), "nothing after unsubscribing");
        assertError(ask(iago, "set", JULIET.toString(), "<unsubscribe node='" + devices + "' jid='" + iago + "'/>"), "unexpected-request", "not-subscribed");

        ask(iago, "set", JULIET.toString(), "<subscribe node='" + devices + "' jid='" + iago + "'/>");
        assertEquals("result", own(from, "set", "", "<delete node='" + devices + "'/>").attr("type"));
        assertEquals(devices, events(iago).getLast().child("event", PubSub.EVENT_NS).orElseThrow().child("delete").orElseThrow(() -> new AssertionError(events(iago).getLast().toXml())).attr("node"),
                "a subscriber hears of the node's deletion");
        assertEquals(List.of(), store.subscriptionsOf(JULIET, iago), "the subscription went with the node");
    }

    /** A contact who subscribes explicitly as well gets each notification once, by his caps. */
    @Test
    void aContactWhoAlsoSubscribesHearsEachPublicationOnce() throws Exception {
        subscribed(JULIET, ROMEO);
        Jid phone = online(ROMEO, "phone", GEOLOC + "+notify");
        Jid from = JULIET.withResource("balcony");
        ask(from, "set", "", geoloc("g1", "Verona"));
        assertEquals("result", ask(phone, "set", JULIET.toString(), "<subscribe node='" + GEOLOC + "' jid='" + ROMEO + "'/>").attr("type"));
        int before = router.to(ROMEO).size() + events(phone).size();
        ask(from, "set", "", geoloc("g2", "Mantua"));
        assertEquals(before + 1, router.to(ROMEO).size() + events(phone).size(), "one notification, not one for each way of subscribing");
    }

    private static List<String> ids(Element reply) {
        return reply.child("pubsub").orElseThrow().child("items").orElseThrow().elements().stream().map(i -> i.attr("id")).toList();
    }
}
