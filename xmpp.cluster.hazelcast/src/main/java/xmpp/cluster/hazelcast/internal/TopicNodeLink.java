package xmpp.cluster.hazelcast.internal;

import com.hazelcast.topic.ITopic;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.spi.route.NodeLink;
import xmpp.core.spi.route.SessionManager;
import xmpp.core.xml.Element;

/**
 * Carries stanzas between nodes on one Hazelcast topic per node ({@code xmpp.node.<name>}), to
 * which only that node listens. A topic keeps the order of what one member publishes, so a
 * conversation between two nodes stays in order. The frame is text: a kind (route, deliver or
 * replaced), from, to and the stanza's XML, one per line (a replaced session's frame names only
 * its JID, as to). What arrives is handled by {@link InboundFrames},
 * off Hazelcast's event thread.
 */
@Component(service = NodeLink.class)
public final class TopicNodeLink implements NodeLink {

    static final String ROUTE = "r";
    static final String DELIVER = "d";
    /** A session of the receiving node that a newer login on the sending node replaced; no stanza. */
    static final String REPLACED = "c";
    /** Frames of one sending node waiting here; beyond that the stanza is bounced, not queued without end. */
    private static final int LANE_CAPACITY = 10_000;

    private final HazelcastMember member;
    private final ITopic<String> inbox;
    private final UUID subscription;
    private final InboundFrames inbound;

    // Dynamic, so this link outlives the router when the server stops: the router's last act is
    // to tell the other nodes' contacts that this node's sessions went unavailable, through here.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Router router;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SessionManager sessions;

    @Activate
    public TopicNodeLink(@Reference HazelcastMember member) {
        this.member = member;
        this.inbound = new InboundFrames(LANE_CAPACITY, () -> router, () -> sessions);
        this.inbox = topicOf(member.node());
        this.subscription = inbox.addMessageListener(m -> inbound.received(m.getPublishingMember().getUuid(), m.getMessageObject()));
    }

    /** Outside OSGi (tests), where no DS sets the router. */
    TopicNodeLink(HazelcastMember member, Router router, SessionManager sessions) {
        this(member);
        this.router = router;
        this.sessions = sessions;
    }

    @Deactivate
    void deactivate() {
        inbox.removeMessageListener(subscription);
        inbound.close();
    }

    @Override
    public boolean forward(String node, Jid from, Jid to, Element stanza) {
        return send(ROUTE, node, from, to, stanza);
    }

    @Override
    public boolean deliver(String node, Jid from, Jid session, Element stanza) {
        return send(DELIVER, node, from, session, stanza);
    }

    @Override
    public boolean replaced(String node, Jid session) {
        if (!member.nodes().containsKey(node)) return false;
        topicOf(node).publish(REPLACED + "\n\n" + session + "\n");
        return true;
    }

    private boolean send(String kind, String node, Jid from, Jid to, Element stanza) {
        if (!member.nodes().containsKey(node)) return false;   // gone: the sender is answered now, not never
        topicOf(node).publish(kind + '\n' + from + '\n' + to + '\n' + stanza.toXml());
        return true;
    }

    private ITopic<String> topicOf(String node) {
        return member.hazelcast().getTopic("xmpp.node." + node);
    }
}
