package xmpp.mod.blocking.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.jid.Jid;
import xmpp.core.route.Disco;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;
import xmpp.core.storage.Subscription;
import xmpp.core.xml.Element;

/**
 * The blocking command (XEP-0191 section 3): a user gets her block list, blocks and unblocks
 * JIDs, or unblocks all; each change is pushed to her sessions that asked for the list. A contact
 * subscribed to her presence sees her go unavailable when blocked, and her presence again when
 * unblocked.
 */
@Component(configurationPid = "xmpp.mod.blocking", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = Disco.FEATURE + "=" + BlockingCommand.NS)   // clients look for it on the server (XEP-0191 section 2)
@Designate(ocd = BlockingCommand.Config.class, factory = true)
@IqHandlerFor(namespace = BlockingCommand.NS, scope = IqHandler.SCOPE_SM, discipline = IqHandler.NO_QUEUE)   // on the sender's thread: what the client sends next must see this done (RFC 6120 section 10.1)
public final class BlockingCommand implements IqHandler {

    static final String NS = "urn:xmpp:blocking";
    private static final System.Logger log = System.getLogger(BlockingCommand.class.getName());

    @ObjectClassDefinition(name = "XMPP module: blocking", description = "Blocking command (XEP-0191).")
    @interface Config {
        @AttributeDefinition(description = "Served domain, or * for all of them.")
        String xmpp_host() default IqHandler.ANY_HOST;
    }

    private final BlockLists lists;
    private final Sessions sessions;
    private final Router router;
    private final RosterStore rosters;

    @Activate
    public BlockingCommand(@Reference BlockLists lists, @Reference Sessions sessions, @Reference Router router,
                           @Reference RosterStore rosters) {
        this.lists = lists;
        this.sessions = sessions;
        this.router = router;
        this.rosters = rosters;
    }

    @Override
    public Element handle(Iq request) throws StanzaException {
        Jid from = request.from().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST, "no sender"));
        Jid account = request.to().orElse(from.bare());
        if (!account.equals(from.bare())) throw new StanzaException(Condition.FORBIDDEN, "a block list is its owner's only");
        Element payload = request.payload().orElseThrow();
        String command = request.type().attributeValue() + " " + payload.name();
        try {
            switch (command) {
                case "get blocklist" -> {
                    Element.Builder list = Element.builder("blocklist").xmlns(NS);
                    lists.of(account).forEach(jid -> list.child(item(jid)));
                    lists.requestedBy(from);
                    return request.resultReply(list.build());
                }
                case "set block" -> {
                    Set<Jid> jids = items(payload);
                    if (jids.isEmpty()) throw new StanzaException(Condition.BAD_REQUEST, "name at least one JID to block");
                    Set<Jid> before = lists.of(account);
                    lists.change(account, list -> union(list, jids));
                    push(account, payload);
                    jids.stream().filter(jid -> !before.contains(jid)).forEach(jid -> goneUnavailableFor(account, jid));
                    return request.resultReply();
                }
                case "set unblock" -> {
                    Set<Jid> jids = items(payload);
                    Set<Jid> before = lists.of(account);
                    lists.change(account, list -> jids.isEmpty() ? Set.of() : difference(list, jids));   // no items: unblock all
                    push(account, payload);
                    before.stream().filter(jid -> !lists.blocks(account, jid)).forEach(jid -> presenceAgainFor(account, jid));
                    return request.resultReply();
                }
                default -> throw new StanzaException(Condition.BAD_REQUEST, "expected a get of <blocklist/> or a set of <block/> or <unblock/>");
            }
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "the block list of {0} cannot be reached ({1}); the client got internal-server-error: {2}",
                    account, command, e.getMessage());
            throw new StanzaException(Condition.INTERNAL_SERVER_ERROR, "the block list cannot be reached now; try again later");
        }
    }

    private static Set<Jid> items(Element command) throws StanzaException {
        Set<Jid> jids = new LinkedHashSet<>();
        for (Element item : command.elements()) {
            if (!item.name().equals("item")) continue;
            jids.add(Jid.parse(item.attr("jid"))
                    .orElseThrow(() -> new StanzaException(Condition.JID_MALFORMED, "'" + item.attr("jid") + "' is not a JID")));
        }
        return jids;
    }

    private static Set<Jid> union(Set<Jid> list, Set<Jid> added) {
        Set<Jid> result = new LinkedHashSet<>(list);
        result.addAll(added);
        return result;
    }

    private static Set<Jid> difference(Set<Jid> list, Set<Jid> removed) {
        Set<Jid> result = new LinkedHashSet<>(list);
        result.removeAll(removed);
        return result;
    }

    private static Element item(Jid jid) {
        return Element.builder("item").attr("jid", jid.toString()).build();
    }

    /** XEP-0191 sections 3.3 and 3.4: the change, as the user sent it, to each of her sessions that asked for the list. */
    private void push(Jid account, Element change) {
        for (Session s : lists.requesters(account))
            s.deliver(Element.builder("iq").attr("type", "set").attr("id", "push-" + UUID.randomUUID())
                    .attr("from", account.toString()).attr("to", s.jid().toString()).child(change).build());
    }

    /** XEP-0191 section 3.3: a blocked contact who saw the user's presence sees her available resources go offline. */
    private void goneUnavailableFor(Jid account, Jid blocked) {
        if (!subscribed(account, blocked)) return;
        for (Session s : sessions.sessionsOf(account))
            if (sessions.presenceOf(s.jid()).isPresent()) sendPresence(s.jid(), blocked, Element.of("presence").withAttr("type", "unavailable"));
    }

    /** XEP-0191 section 3.4: an unblocked contact who may see the user's presence sees it again, as it is now. */
    private void presenceAgainFor(Jid account, Jid unblocked) {
        if (!subscribed(account, unblocked)) return;
        for (Session s : sessions.sessionsOf(account)) sessions.presenceOf(s.jid()).ifPresent(p -> sendPresence(s.jid(), unblocked, p));
    }

    private void sendPresence(Jid from, Jid to, Element presence) {
        router.route(from, to, presence.withAttr("from", from.toString()).withAttr("to", to.toString()));
    }

    /**
     * Whether {@code contact} is subscribed to the user's presence (RFC 6121: subscription from or
     * both): only such a contact is told, so that blocking reveals nothing to anyone else.
     */
    private boolean subscribed(Jid account, Jid contact) {
        if (contact.localpart().isEmpty()) return false;   // a whole domain is no contact
        try {
            return rosters.item(account, contact.bare())
                    .map(item -> item.subscription() == Subscription.FROM || item.subscription() == Subscription.BOTH).orElse(false);
        } catch (StorageException e) {
            log.log(System.Logger.Level.WARNING, "the roster of {0} cannot be read; {1} is not told of the block list change: {2}",
                    account, contact, e.getMessage());
            return false;
        }
    }
}
