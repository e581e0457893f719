package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;
import static xmpp.itest.ServiceModulesIT.answer;
import static xmpp.itest.ServiceModulesIT.ask;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.igniterealtime.smack.inttest.util.IntegrationTestRosterUtil;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.EventElement;
import org.jivesoftware.smackx.pubsub.EventElementType;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemPublishEvent;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.NodeExtension;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.Subscription;
import org.jivesoftware.smackx.pubsub.AccessModel;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jivesoftware.smackx.pubsub.form.FillableSubscribeForm;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;
import xmpp.c2s.internal.RawClient;
import xmpp.c2s.internal.TestServer;
import xmpp.core.xml.Element;

/**
 * Personal eventing (XEP-0163) in the exported server: what OMEMO, avatars and XEP-0402
 * bookmarks need, with Smack's PepManager as the contact's client and raw XML where Smack has
 * no API (publish-options); XEP-0060's errors; the pubsub service at {@code pubsub.localhost}
 * with Smack's PubSubManager, its subscriptions outliving a restart, an authorize node's
 * approval; each bundle stopped and started from the shell.
 */
public class PepModuleIT {

    private static final String DEVICES = "urn:xmpp:omemo:2:devices";
    private static final String BUNDLES = "urn:xmpp:omemo:2:bundles";
    private static final String OMEMO_NS = "urn:xmpp:omemo:2";
    private static final String AVATAR_METADATA = "urn:xmpp:avatar:metadata";
    private static final String BOOKMARKS = "urn:xmpp:bookmarks:1";
    private static final long TIMEOUT_MS = 20_000;
    private static final AtomicInteger ids = new AtomicInteger();
    private static ServerProcess server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        // Payloads Smack has no provider for: its generic one fails an assertion on their default namespace.
        ProviderManager.addExtensionProvider("devices", OMEMO_NS, new PayloadProvider("devices", OMEMO_NS));
        ProviderManager.addExtensionProvider("metadata", AVATAR_METADATA, new PayloadProvider("metadata", AVATAR_METADATA));
        server = new ServerProcess().started();
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
    public void anOmemoDeviceListAndBundlePublishedWithPublishOptionsAreSeenByAContact() throws Exception {
        String juliet = newUser(), romeo = newUser();
        XMPPTCPConnection julietPhone = login(juliet, "phone"), romeoPhone = login(romeo, "phone");
        // What Smack's OmemoManager.serverSupportsOmemo asks before SINT's OMEMO tests run: PubSub among the server's own features.
        assertTrue("the server lists PubSub", ServiceDiscoveryManager.getInstanceFor(julietPhone).discoverInfo(JidCreate.domainBareFrom("localhost"))
                .containsFeature("http://jabber.org/protocol/pubsub"));
        IntegrationTestRosterUtil.ensureBothAccountsAreSubscribedToEachOther(julietPhone, romeoPhone, TIMEOUT_MS);
        BlockingQueue<Payload> devices = listen(romeoPhone, DEVICES);

        RawClient conversations = raw(juliet, "conversations");   // publishes as Conversations does, with publish-options
        assertEquals("result", answer(conversations, publish(DEVICES, "current", "<devices xmlns='urn:xmpp:omemo:2'><device id='4223'/></devices>",
                "pubsub#access_model", "open")));
        assertEquals("result", answer(conversations, publish(BUNDLES, "4223", "<bundle xmlns='urn:xmpp:omemo:2'><spk id='1'>AAAA</spk></bundle>",
                "pubsub#access_model", "open", "pubsub#max_items", "max")));

        Payload list = devices.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertTrue("romeo's client wants the device list by its caps and gets it: " + list, list != null && list.xml().contains("4223"));
        RawClient stranger = raw(newUser(), "x");
        Element bundle = ask(stranger, "<iq type='get' id='b1' to='" + juliet + "@localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                + "<items node='" + BUNDLES + "'><item id='4223'/></items></pubsub></iq>");
        assertEquals(bundle.toString(), "AAAA", bundle.child("pubsub").orElseThrow().child("items").orElseThrow().child("item").orElseThrow()
                .child("bundle").orElseThrow().child("spk").orElseThrow().text());
        assertEquals("open: anyone fetches the bundle", "result", bundle.attr("type"));
        assertEquals("the node keeps its options, so the same publish-options hold again", "result",
                answer(conversations, publish(DEVICES, "current", "<devices xmlns='urn:xmpp:omemo:2'/>", "pubsub#access_model", "open")));
    }

    @Test
    public void avatarMetadataReachesAContactThatWantsItAndNotOneWithoutNotify() throws Exception {
        String juliet = newUser(), romeo = newUser(), tybalt = newUser();
        XMPPTCPConnection julietPhone = login(juliet, "phone"), romeoPhone = login(romeo, "phone"), tybaltPhone = login(tybalt, "phone");
        IntegrationTestRosterUtil.ensureBothAccountsAreSubscribedToEachOther(julietPhone, romeoPhone, TIMEOUT_MS);
        IntegrationTestRosterUtil.ensureBothAccountsAreSubscribedToEachOther(julietPhone, tybaltPhone, TIMEOUT_MS);
        BlockingQueue<Payload> metadata = listen(romeoPhone, AVATAR_METADATA);
        StanzaCollector tybaltSees = tybaltPhone.createStanzaCollector(StanzaTypeFilter.MESSAGE);
        open.add(tybaltSees::cancel);

        PepManager.getInstanceFor(julietPhone).publish(AVATAR_METADATA, new PayloadItem<>("e3b0c442", new Payload("metadata", AVATAR_METADATA,
                "<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='12345' id='e3b0c442' type='image/png'/></metadata>")));
        assertTrue("romeo gets the metadata", metadata.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS) != null);

        // Tybalt's client has no +notify for the node: after the notification went out, the next
        // thing from juliet's account to him is a chat message she sends afterwards.
        julietPhone.sendStanza(MessageBuilder.buildMessage().to(JidCreate.entityBareFrom(tybalt + "@localhost")).ofType(Message.Type.chat).setBody("after").build());
        Message first = tybaltSees.nextResult(TIMEOUT_MS);
        assertTrue("tybalt got no notification: " + first, first != null && first.getExtension(EventElement.class) == null);
        assertEquals("after", first.getBody());
    }

    @Test
    public void bookmarksStoredFromOneResourceAreReadByAnotherAndByNobodyElse() throws Exception {
        String juliet = newUser(), romeo = newUser();
        XMPPTCPConnection julietPhone = login(juliet, "phone"), romeoPhone = login(romeo, "phone");
        IntegrationTestRosterUtil.ensureBothAccountsAreSubscribedToEachOther(julietPhone, romeoPhone, TIMEOUT_MS);
        RawClient gajim = raw(juliet, "gajim");
        assertEquals("result", answer(gajim, publish(BOOKMARKS, "room@conference.localhost",
                "<conference xmlns='urn:xmpp:bookmarks:1' name='Balcony' autojoin='true'><nick>juliet</nick></conference>",
                "pubsub#persist_items", "true", "pubsub#max_items", "max", "pubsub#send_last_published_item", "never", "pubsub#access_model", "whitelist")));
        RawClient dino = raw(juliet, "dino");
        Element items = ask(dino, "<iq type='get' id='bm1'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='" + BOOKMARKS + "'/></pubsub></iq>");
        Element conference = items.child("pubsub").orElseThrow().child("items").orElseThrow().child("item").orElseThrow().child("conference").orElseThrow();
        assertEquals("Balcony", conference.attr("name"));
        assertEquals("the shell lists her nodes", "urn:xmpp:bookmarks:1 1 item(s)\n1 node(s) at " + juliet + "@localhost",
                server.ctl("xmpp:pubsub " + juliet + "@localhost").strip());
        RawClient romeoRaw = raw(romeo, "raw");
        assertEquals("a contact may not read her bookmarks", "not-allowed", answer(romeoRaw, "<iq type='get' id='bm2' to='" + juliet + "@localhost'>"
                + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='" + BOOKMARKS + "'/></pubsub></iq>"));
    }

    @Test
    public void theErrorsOfXep0060() throws Exception {
        String juliet = newUser(), romeo = newUser();
        RawClient raw = raw(juliet, "raw");
        assertEquals("result", answer(raw, publish(DEVICES, "current", "<devices xmlns='urn:xmpp:omemo:2'/>", "pubsub#access_model", "open")));
        Element conflict = ask(raw, publish(DEVICES, "current", "<devices xmlns='urn:xmpp:omemo:2'/>", "pubsub#access_model", "whitelist"));
        Element error = conflict.child("error").orElseThrow();
        assertTrue(conflict.toString(), error.child("conflict", "urn:ietf:params:xml:ns:xmpp-stanzas").isPresent()
                && error.child("precondition-not-met", "http://jabber.org/protocol/pubsub#errors").isPresent());
        // What Conversations does then: the owner changes the node's configuration and publishes again.
        assertEquals("result", answer(raw, "<iq type='set' id='c1'><pubsub xmlns='http://jabber.org/protocol/pubsub#owner'><configure node='" + DEVICES + "'>"
                + "<x xmlns='jabber:x:data' type='submit'><field var='pubsub#access_model'><value>whitelist</value></field></x></configure></pubsub></iq>"));
        assertEquals("result", answer(raw, publish(DEVICES, "current", "<devices xmlns='urn:xmpp:omemo:2'/>", "pubsub#access_model", "whitelist")));
        assertEquals("item-not-found", answer(raw, "<iq type='get' id='e1'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:none'/></pubsub></iq>"));
        assertEquals("forbidden", answer(raw, "<iq type='set' id='e2' to='" + romeo + "@localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                + "<publish node='urn:x'><item><x xmlns='urn:x'/></item></publish></pubsub></iq>"));
        assertEquals("result", answer(raw, publish("urn:presence-only", "1", "<x xmlns='urn:x'/>")));   // the default access model: presence
        assertEquals("one not subscribed to her presence reads nothing", "not-authorized", answer(raw(romeo, "raw"), "<iq type='get' id='e3' to='"
                + juliet + "@localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:presence-only'/></pubsub></iq>"));
    }

    @Test
    public void smackFindsTheAccountsPepNodesThatTheRequesterMayRead() throws Exception {
        String juliet = newUser(), romeo = newUser();
        XMPPTCPConnection julietPhone = login(juliet, "phone"), romeoPhone = login(romeo, "phone"), strangerPhone = login(newUser(), "phone");
        IntegrationTestRosterUtil.ensureBothAccountsAreSubscribedToEachOther(julietPhone, romeoPhone, TIMEOUT_MS);
        RawClient raw = raw(juliet, "raw");
        assertEquals("result", answer(raw, publish(AVATAR_METADATA, "e3b0c442", "<metadata xmlns='urn:xmpp:avatar:metadata'/>", "pubsub#access_model", "open")));
        assertEquals("result", answer(raw, publish("urn:presence-only", "1", "<x xmlns='urn:x'/>")));
        BareJid account = JidCreate.entityBareFrom(juliet + "@localhost");

        LeafNode avatar = PubSubManager.getInstanceFor(strangerPhone, account).getLeafNode(AVATAR_METADATA);
        DataForm metaData = avatar.discoverInfo().getExtension(DataForm.class);
        assertEquals("the node's meta-data", "open", metaData.getField("pubsub#access_model").getFirstValue());
        XMPPErrorException hidden = assertThrows(XMPPErrorException.class,
                () -> PubSubManager.getInstanceFor(strangerPhone, account).getLeafNode("urn:presence-only"));
        assertEquals("a node he may not read is none to him", StanzaError.Condition.item_not_found, hidden.getStanzaError().getCondition());

        assertEquals("her contact sees both nodes", List.of("urn:presence-only", AVATAR_METADATA), ServiceDiscoveryManager.getInstanceFor(romeoPhone)
                .discoverItems(account).getItems().stream().map(DiscoverItems.Item::getNode).sorted().toList());
        assertEquals("urn:presence-only", PubSubManager.getInstanceFor(romeoPhone, account).getLeafNode("urn:presence-only").getId());
    }

    @Test
    public void pepRequestsAnswerServiceUnavailableWhileItsBundleIsStopped() throws Exception {
        RawClient raw = raw(newUser(), "raw");
        String items = "<iq type='get' id='%s'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:none'/></pubsub></iq>";
        long id = server.bundleId("xmpp.mod.pep");
        assertEquals("item-not-found", answer(raw, String.format(items, "s" + ids.incrementAndGet())));
        server.ctl("stop " + id);
        eventually(() -> answer(raw, String.format(items, "s" + ids.incrementAndGet())), "service-unavailable"::equals);
        server.ctl("start " + id);
        eventually(() -> answer(raw, String.format(items, "s" + ids.incrementAndGet())), "item-not-found"::equals);
    }

    @Test
    public void smackFindsThePubSubServiceAndUsesItsNodes() throws Exception {
        String juliet = newUser(), romeo = newUser();
        XMPPTCPConnection julietPhone = login(juliet, "phone"), romeoPhone = login(romeo, "phone");
        assertEquals("pubsub.localhost", String.valueOf(PubSubManager.getPubSubService(julietPhone)));
        PubSubManager service = PubSubManager.getInstanceFor(julietPhone, JidCreate.domainBareFrom("pubsub.localhost"));
        assertTrue(service.canCreateNodesAndPublishItems());
        LeafNode node = service.createNode("news-" + ids.incrementAndGet());
        node.publish(new PayloadItem<>("first", new Payload("metadata", AVATAR_METADATA, "<metadata xmlns='urn:xmpp:avatar:metadata'/>")));
        node.publish(new PayloadItem<>("second", new Payload("metadata", AVATAR_METADATA, "<metadata xmlns='urn:xmpp:avatar:metadata'><info id='2'/></metadata>")));
        LeafNode seenByRomeo = PubSubManager.getInstanceFor(romeoPhone, JidCreate.domainBareFrom("pubsub.localhost")).getLeafNode(node.getId());
        List<Item> items = seenByRomeo.getItems();
        assertEquals(List.of("second", "first"), items.stream().map(Item::getId).toList());
        XMPPErrorException refused = org.junit.Assert.assertThrows(XMPPErrorException.class, () -> seenByRomeo.publish(new PayloadItem<>("x",
                new Payload("metadata", AVATAR_METADATA, "<metadata xmlns='urn:xmpp:avatar:metadata'/>"))));
        assertEquals("only the owner publishes", StanzaError.Condition.forbidden, refused.getStanzaError().getCondition());
        assertTrue(server.ctl("xmpp:pubsub pubsub.localhost").contains(node.getId() + " 2 item(s)"));
        service.deleteNode(node.getId());
        XMPPErrorException gone = org.junit.Assert.assertThrows(XMPPErrorException.class, seenByRomeo::getItems);
        assertEquals(StanzaError.Condition.item_not_found, gone.getStanzaError().getCondition());
    }

    @Test
    public void aSubscriberHearsOfAServiceNodesItemsAndAfterARestartOfItsDeletion() throws Exception {
        String juliet = newUser(), romeo = newUser();
        XMPPTCPConnection julietPhone = login(juliet, "phone"), romeoPhone = login(romeo, "phone");
        DomainBareJid pubsub = JidCreate.domainBareFrom("pubsub.localhost");
        String name = "news-" + ids.incrementAndGet();
        LeafNode node = PubSubManager.getInstanceFor(julietPhone, pubsub).createNode(name);
        LeafNode seenByRomeo = PubSubManager.getInstanceFor(romeoPhone, pubsub).getLeafNode(name);
        Subscription subscription = seenByRomeo.subscribe(romeoPhone.getUser().asBareJid());
        assertEquals(Subscription.State.subscribed, subscription.getState());
        BlockingQueue<ItemPublishEvent<Item>> published = new LinkedBlockingQueue<>();
        seenByRomeo.addItemEventListener(published::add);

        node.publish(new PayloadItem<>("first", new Payload("metadata", AVATAR_METADATA, "<metadata xmlns='urn:xmpp:avatar:metadata'/>")));
        ItemPublishEvent<Item> event = published.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertTrue("romeo hears of the item", event != null);
        assertEquals("first", event.getItems().getFirst().getId());
        assertEquals(List.of(romeo + "@localhost"), node.getSubscriptionsAsOwner().stream().map(x -> x.getJid().toString()).toList());

        for (AutoCloseable c : open) c.close();
        open.clear();
        server.stop();
        server.started();
        romeoPhone = login(romeo, "again");
        julietPhone = login(juliet, "again");
        assertEquals("the subscription outlived the restart", List.of(subscription.getId()),
                PubSubManager.getInstanceFor(romeoPhone, pubsub).getSubscriptions().stream().map(Subscription::getId).toList());
        StanzaCollector romeoSees = romeoPhone.createStanzaCollector(StanzaTypeFilter.MESSAGE);
        open.add(romeoSees::cancel);
        PubSubManager.getInstanceFor(julietPhone, pubsub).deleteNode(name);
        Message deleted = romeoSees.nextResult(TIMEOUT_MS);
        assertTrue("romeo hears of the deletion: " + deleted, deleted != null && deleted.getExtension(EventElement.class) != null);
        EventElement deletion = deleted.getExtension(EventElement.class);
        assertEquals(EventElementType.delete, deletion.getEventType());
        assertEquals(name, ((NodeExtension) deletion.getEvent()).getNode());
        assertEquals(List.of(), PubSubManager.getInstanceFor(romeoPhone, pubsub).getSubscriptions());
    }

    /**
     * The authorize access model with Smack's PubSubManager as the subscriber: its subscription
     * waits, the owner approves it with the form she was sent, then the subscriber reads and hears
     * the node (its client untroubled by the state notification); the node goes with her account.
     */
    @Test
    public void anAuthorizeNodesSubscriberWaitsForTheOwnerAndTheNodeGoesWithHerAccount() throws Exception {
        String juliet = newUser(), romeo = newUser();
        RawClient owner = raw(juliet, "raw");
        owner.send("<presence/>");   // available: the approval request goes to her bare JID
        String name = "plans-" + ids.incrementAndGet();
        assertEquals("result", answer(owner, "<iq type='set' id='a1' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                + "<create node='" + name + "'/><configure><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                + "<value>http://jabber.org/protocol/pubsub#node_config</value></field><field var='pubsub#access_model'><value>authorize</value></field>"
                + "</x></configure></pubsub></iq>"));
        XMPPTCPConnection romeoPhone = login(romeo, "phone");
        DomainBareJid pubsub = JidCreate.domainBareFrom("pubsub.localhost");
        LeafNode seenByRomeo = PubSubManager.getInstanceFor(romeoPhone, pubsub).getLeafNode(name);
        assertEquals(Subscription.State.pending, seenByRomeo.subscribe(romeoPhone.getUser().asBareJid()).getState());
        XMPPErrorException refused = org.junit.Assert.assertThrows(XMPPErrorException.class, seenByRomeo::getItems);
        assertEquals("items wait for the approval", StanzaError.Condition.not_authorized, refused.getStanzaError().getCondition());

        Element request = owner.next();
        while (!(request.name().equals("message") && request.child("x").isPresent())) request = owner.next();
        StringBuilder approval = new StringBuilder("<message to='pubsub.localhost' id='a2'><x xmlns='jabber:x:data' type='submit'>");
        for (Element field : request.child("x").orElseThrow().elements()) {
            if (!field.name().equals("field")) continue;
            String value = field.attr("var").equals("pubsub#allow") ? "true" : field.child("value").orElseThrow().text();
            approval.append("<field var='").append(field.attr("var")).append("'><value>").append(value).append("</value></field>");
        }
        owner.send(approval.append("</x></message>").toString());
        eventually(() -> PubSubManager.getInstanceFor(romeoPhone, pubsub).getSubscriptions().stream().map(x -> x.getState().name()).toList(),
                List.of("subscribed")::equals);

        BlockingQueue<ItemPublishEvent<Item>> published = new LinkedBlockingQueue<>();
        seenByRomeo.addItemEventListener(published::add);
        assertEquals("result", answer(owner, "<iq type='set' id='a3' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                + "<publish node='" + name + "'><item id='p1'><metadata xmlns='urn:xmpp:avatar:metadata'/></item></publish></pubsub></iq>"));
        ItemPublishEvent<Item> event = published.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertTrue("romeo, approved, hears of the item", event != null && romeoPhone.isConnected());
        assertEquals(List.of("p1"), seenByRomeo.getItems().stream().map(Item::getId).toList());

        StanzaCollector romeoSees = romeoPhone.createStanzaCollector(StanzaTypeFilter.MESSAGE);
        open.add(romeoSees::cancel);
        assertTrue(server.ctl("xmpp:users delete " + juliet + "@localhost").contains("deleted"));
        Message deleted = romeoSees.nextResult(TIMEOUT_MS);
        assertTrue("romeo hears that the node went with its owner: " + deleted, deleted != null && deleted.getExtension(EventElement.class) != null);
        assertEquals(EventElementType.delete, deleted.getExtension(EventElement.class).getEventType());
        assertEquals(List.of(), PubSubManager.getInstanceFor(romeoPhone, pubsub).getSubscriptions());
    }

    /**
     * XEP-0060 section 8.7 with Smack's ad-hoc commands as the owner's client: she runs
     * get-pending at the service, chooses her node from the form, and is asked again to approve
     * the subscription that waits there.
     */
    @Test
    public void theOwnerRunsGetPendingWithSmacksAdHocCommandsAndIsAskedAgain() throws Exception {
        String juliet = newUser(), romeo = newUser();
        XMPPTCPConnection julietPhone = login(juliet, "phone"), romeoPhone = login(romeo, "phone");
        DomainBareJid pubsub = JidCreate.domainBareFrom("pubsub.localhost");
        String name = "plans-" + ids.incrementAndGet();
        LeafNode node = PubSubManager.getInstanceFor(julietPhone, pubsub).createNode(name);
        FillableConfigureForm config = node.getNodeConfiguration().getFillableForm();
        config.setAccessModel(AccessModel.authorize);
        node.sendConfigurationForm(config);
        StanzaCollector requests = julietPhone.createStanzaCollector(stanza -> stanza instanceof Message m && m.getExtension(DataForm.class) != null);
        open.add(requests::cancel);
        assertEquals(Subscription.State.pending,
                PubSubManager.getInstanceFor(romeoPhone, pubsub).getLeafNode(name).subscribe(romeoPhone.getUser().asBareJid()).getState());
        assertTrue("asked when romeo subscribed", requests.nextResult(TIMEOUT_MS) != null);

        AdHocCommand getPending = AdHocCommandManager.getInstance(julietPhone).getRemoteCommand(pubsub, "http://jabber.org/protocol/pubsub#get-pending");
        FillableForm choice = getPending.execute().asExecutingOrThrow().getFillableForm();
        choice.setAnswer("pubsub#node", name);
        assertTrue(getPending.complete(choice.getSubmitForm()).isCompleted());
        Message again = requests.nextResult(TIMEOUT_MS);
        assertTrue("asked again by the command: " + again, again != null);
        assertEquals(romeo + "@localhost", again.getExtension(DataForm.class).getField("pubsub#subscriber_jid").getFirstValue());
        assertEquals(name, again.getExtension(DataForm.class).getField("pubsub#node").getFirstValue());
    }

    /** XEP-0060 section 6.1.6: Smack subscribing with the same options at each login keeps one subscription. */
    @Test
    public void subscribingAgainWithTheSameOptionsKeepsOneSubscription() throws Exception {
        String juliet = newUser(), romeo = newUser();
        XMPPTCPConnection julietPhone = login(juliet, "phone"), romeoPhone = login(romeo, "phone");
        DomainBareJid pubsub = JidCreate.domainBareFrom("pubsub.localhost");
        String name = "news-" + ids.incrementAndGet();
        PubSubManager.getInstanceFor(julietPhone, pubsub).createNode(name);
        LeafNode seenByRomeo = PubSubManager.getInstanceFor(romeoPhone, pubsub).getLeafNode(name);
        String first = seenByRomeo.subscribe(romeoPhone.getUser().asBareJid()).getId();
        for (int login = 0; login < 3; login++) {
            FillableSubscribeForm options = seenByRomeo.getSubscriptionOptions(romeoPhone.getUser().asBareJid().toString(), first).getFillableForm();
            options.setDeliverOn(true);
            assertEquals(first, seenByRomeo.subscribe(romeoPhone.getUser().asBareJid(), options).getId());
        }
        assertEquals(List.of(first), PubSubManager.getInstanceFor(romeoPhone, pubsub).getSubscriptions().stream().map(Subscription::getId).toList());
    }

    /**
     * XEP-0163 section 5: someone who is no contact subscribes to an open node of an account and
     * hears of it, the last item first; items are paged with XEP-0059 as the service pages them.
     */
    @Test
    public void aStrangerSubscribesToAnOpenPepNodeAndPagesItsItems() throws Exception {
        String juliet = newUser(), iago = newUser();
        RawClient publisher = raw(juliet, "blog");
        String feed = "urn:example:feed";
        for (String id : List.of("p1", "p2", "p3"))
            assertEquals("result", answer(publisher, publish(feed, id, "<post xmlns='" + feed + "'>" + id + "</post>", "pubsub#access_model", "open", "pubsub#max_items", "10")));
        RawClient reader = raw(iago, "reader");
        reader.send("<presence/>");
        String to = juliet + "@localhost";
        reader.send("<iq type='set' id='s1' to='" + to + "'><pubsub xmlns='http://jabber.org/protocol/pubsub'><subscribe node='" + feed + "' jid='" + iago + "@localhost/reader'/></pubsub></iq>");
        List<Element> got = new ArrayList<>();
        while (got.stream().noneMatch(e -> e.attr("id").equals("s1")) || got.stream().noneMatch(e -> e.name().equals("message"))) got.add(reader.next());
        Element result = got.stream().filter(e -> e.attr("id").equals("s1")).findFirst().orElseThrow();
        assertEquals(result.toString(), "subscribed", result.child("pubsub").orElseThrow().child("subscription").orElseThrow().attr("subscription"));
        assertEquals("the last item follows the subscription", "p3", itemId(got.stream().filter(e -> e.name().equals("message")).findFirst().orElseThrow()));

        assertEquals("result", answer(publisher, publish(feed, "p4", "<post xmlns='" + feed + "'>p4</post>")));
        Element heard = reader.next();
        while (!heard.name().equals("message")) heard = reader.next();
        assertEquals("p4", itemId(heard));

        Element page = ask(reader, "<iq type='get' id='r1' to='" + to + "'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='" + feed + "'/>"
                + "<set xmlns='http://jabber.org/protocol/rsm'><max>2</max><after>p3</after></set></pubsub></iq>");
        Element pubsub = page.child("pubsub").orElseThrow(() -> new AssertionError(page.toString()));
        assertEquals(List.of("p2", "p1"), pubsub.child("items").orElseThrow().elements().stream().map(i -> i.attr("id")).toList());
        assertEquals("4", pubsub.child("set").orElseThrow().child("count").orElseThrow().text());

        assertEquals("result", answer(reader, "<iq type='set' id='u1' to='" + to + "'><pubsub xmlns='http://jabber.org/protocol/pubsub'><unsubscribe node='" + feed
                + "' jid='" + iago + "@localhost/reader'/></pubsub></iq>"));
        assertEquals("not-subscribed any more", "unexpected-request", answer(reader, "<iq type='set' id='u2' to='" + to + "'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                + "<unsubscribe node='" + feed + "' jid='" + iago + "@localhost/reader'/></pubsub></iq>"));
    }

    private static String itemId(Element message) {
        return message.child("event").orElseThrow(() -> new AssertionError(message.toString())).child("items").orElseThrow().child("item").orElseThrow().attr("id");
    }

    @Test
    public void thePubSubServiceAnswersServiceUnavailableWhileItsBundleIsStopped() throws Exception {
        RawClient raw = raw(newUser(), "raw");
        String items = "<iq type='get' id='%s' to='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='none'/></pubsub></iq>";
        long id = server.bundleId("xmpp.mod.pubsub");
        assertEquals("item-not-found", answer(raw, String.format(items, "s" + ids.incrementAndGet())));
        server.ctl("stop " + id);
        eventually(() -> answer(raw, String.format(items, "s" + ids.incrementAndGet())), "service-unavailable"::equals);
        server.ctl("start " + id);
        eventually(() -> answer(raw, String.format(items, "s" + ids.incrementAndGet())), "item-not-found"::equals);
    }

    // ---- helpers

    /** A PEP payload as Smack received it: Smack has no type for these, and its generic one is no ExtensionElement. */
    record Payload(String name, String namespace, String xml) implements ExtensionElement {
        @Override public String getElementName() { return name; }
        @Override public String getNamespace() { return namespace; }
        @Override public CharSequence toXML(XmlEnvironment env) { return xml; }
    }

    static final class PayloadProvider extends ExtensionElementProvider<Payload> {
        private final String name;
        private final String namespace;

        PayloadProvider(String name, String namespace) {
            this.name = name;
            this.namespace = namespace;
        }

        @Override
        public Payload parse(XmlPullParser parser, int initialDepth, XmlEnvironment env) throws XmlPullParserException, IOException {
            return new Payload(name, namespace, PacketParserUtils.parseElement(parser).toString());
        }
    }

    private static String publish(String node, String itemId, String payload, String... options) {
        StringBuilder iq = new StringBuilder("<iq type='set' id='p" + ids.incrementAndGet() + "'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                + "<publish node='" + node + "'><item id='" + itemId + "'>" + payload + "</item></publish>");
        if (options.length > 0) {
            iq.append("<publish-options><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                    + "<value>http://jabber.org/protocol/pubsub#publish-options</value></field>");
            for (int i = 0; i < options.length; i += 2) iq.append("<field var='").append(options[i]).append("'><value>").append(options[i + 1]).append("</value></field>");
            iq.append("</x></publish-options>");
        }
        return iq.append("</pubsub></iq>").toString();
    }

    /** What the connection's PepManager hears of {@code node}; listening puts node+notify into its caps. */
    private BlockingQueue<Payload> listen(XMPPTCPConnection c, String node) {
        BlockingQueue<Payload> heard = new LinkedBlockingQueue<>();
        PepManager.getInstanceFor(c).addPepEventListener(node, Payload.class, (from, payload, id, message) -> heard.add(payload));
        return heard;
    }

    private static String newUser() throws Exception {
        return server.newUser("pep");
    }

    private XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = server.available(user, resource);
        open.add(c::disconnect);
        return c;
    }

    private RawClient raw(String user, String resource) throws Exception {
        RawClient raw = RawClient.loggedIn(server.clientPort, TestServer.trusting(server.home.resolve("data")), user, "pw", resource);
        open.add(raw);
        return raw;
    }
}
