package xmpp.mod.pubsub.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * XEP-0060 section 8.7: an owner asks the service, with the ad-hoc command (XEP-0050)
 * {@code pubsub#get-pending}, for the pending subscriptions of one of its nodes, and gets an
 * authorization request (section 8.6.1) for each, as when they subscribed. The command runs at
 * the service's own domain, which the server's ad-hoc commands module does not serve: the
 * component answers it. It keeps no session: the submitted form names the node, and the owner
 * is checked again then.
 */
final class PendingCommand {

    static final String COMMANDS_NS = "http://jabber.org/protocol/commands";
    static final String NODE = ServiceRequests.NS + "#get-pending";
    static final String NODE_FIELD = "pubsub#node";

    private final PubSubStore store;
    private final Affiliations affiliations;
    private final Notifier notifier;

    PendingCommand(PubSubStore store, Affiliations affiliations, Notifier notifier) {
        this.store = store;
        this.affiliations = affiliations;
        this.notifier = notifier;
    }

    /** The {@code <command/>} reply: the form listing the requester's nodes, or, once one is submitted, the end. */
    Element run(Jid service, Jid owner, Iq request, Element command) throws Refusal, StorageException {
        if (request.type() != Iq.Type.SET) throw new Refusal(Condition.BAD_REQUEST, "commands are run with iq of type set");
        if (!command.attr("node").equals(NODE)) throw new Refusal(Condition.ITEM_NOT_FOUND, "the service has no command '" + command.attr("node") + "'");
        String action = command.attr("action").isEmpty() ? "execute" : command.attr("action");
        String sessionId = command.attr("sessionid").isEmpty() ? UUID.randomUUID().toString() : command.attr("sessionid");
        if (action.equals("cancel")) return reply(sessionId, "canceled").build();
        Optional<Element> submitted = command.child("x", NodeOptions.DATA_NS).filter(x -> x.attr("type").equals("submit"));
        if (submitted.isEmpty()) return reply(sessionId, "executing").child(choice(service, owner)).build();
        String name = NodeOptions.fields(submitted.get()).getOrDefault(NODE_FIELD, "");
        if (name.isEmpty()) throw new Refusal(Condition.BAD_REQUEST, "choose the node in the field " + NODE_FIELD);
        PubSubNode node = store.node(service, name).orElseThrow(() -> new Refusal(Condition.ITEM_NOT_FOUND, "no node " + name));
        affiliations.checkOwner(node, owner);
        int asked = 0;
        for (PubSubSubscription s : store.subscriptions(service, name)) {
            if (s.subscribed()) continue;
            notifier.authorizationRequested(service, List.of(request.from().orElseThrow()), s);
            asked++;
        }
        return reply(sessionId, "completed").child(Element.builder("note").attr("type", "info")
                .text(asked + " pending subscription" + (asked == 1 ? "" : "s") + " to " + name + " sent for approval").build()).build();
    }

    /**
     * Section 8.7.1: the form with the requester's nodes to choose from. Without the
     * subscribe_authorization FORM_TYPE of the section's example: there pubsub#node is a
     * list-single, in the authorization request (8.6.1) a text-single, and Smack 4.5, which keeps
     * one type per field of a FORM_TYPE, drops its connection at the second form it sees.
     */
    private Element choice(Jid service, Jid owner) throws Refusal, StorageException {
        List<String> owned = new ArrayList<>();
        for (PubSubNode n : store.nodes(service)) if (affiliations.of(n, owner).equals(Affiliations.OWNER)) owned.add(n.name());
        if (owned.isEmpty()) throw new Refusal(Condition.FORBIDDEN, "you own no node at " + service + " whose subscriptions could wait");
        Element.Builder field = Element.builder("field").attr("type", "list-single").attr("var", NODE_FIELD);
        for (String name : owned) field.child(Element.builder("option").child(Element.builder("value").text(name).build()).build());
        return Element.builder("x").xmlns(NodeOptions.DATA_NS).attr("type", "form").child(field.build()).build();
    }

    private static Element.Builder reply(String sessionId, String status) {
        Element.Builder b = Element.builder("command").xmlns(COMMANDS_NS).attr("node", NODE).attr("sessionid", sessionId).attr("status", status);
        if (status.equals("executing")) b.child(Element.builder("actions").attr("execute", "complete").child(Element.of("complete")).build());
        return b;
    }
}
