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
import xmpp.core.stream.XmlParseException;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/**
 * Carries stanzas between nodes on one Hazelcast topic per node ({@code xmpp.node.<name>}), to
 * which only that node listens. A topic keeps the order of what one member publishes, so a
 * conversation between two nodes stays in order. The frame is text: a kind (route or deliver),
 * from, to and the stanza's XML, one per line.
 */
@Component(service = NodeLink.class)
public final class TopicNodeLink implements NodeLink {

    private static final System.Logger log = System.getLogger(TopicNodeLink.class.getName());
    private static final String ROUTE = "r";
    private static final String DELIVER = "d";

    private final HazelcastMember member;
    private final ITopic<String> inbox;
    private final UUID subscription;

    // Dynamic, so this link outlives the router when the server stops: the router's last act is
    // to tell the other nodes' contacts that this node's sessions went unavailable, through here.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Router router;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SessionManager sessions;

    @Activate
    public TopicNodeLink(@Reference HazelcastMember member) {
        this.member = member;
        this.inbox = topicOf(member.node());
        this.subscription = inbox.addMessageListener(m -> received(m.getMessageObject()));
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
    }

    @Override
    public boolean forward(String node, Jid from, Jid to, Element stanza) {
        return send(ROUTE, node, from, to, stanza);
    }

    @Override
    public boolean deliver(String node, Jid from, Jid session, Element stanza) {
        return send(DELIVER, node, from, session, stanza);
    }

    private boolean send(String kind, String node, Jid from, Jid to, Element stanza) {
        if (!member.nodes().containsKey(node)) return false;   // gone: the sender is answered now, not never
        topicOf(node).publish(kind + '\n' + from + '\n' + to + '\n' + stanza.toXml());
        return true;
    }

    private ITopic<String> topicOf(String node) {
        return member.hazelcast().getTopic("xmpp.node." + node);
    }

    void received(String frame) {
        String[] parts = frame.split("\n", 4);
        Router r = router;
        SessionManager s = sessions;
        if (r == null || s == null) {
            log.log(System.Logger.Level.WARNING, "dropped a stanza from another node for {0}: this node's router is stopped", parts[2]);
            return;
        }
        try {
            Jid from = Jid.of(parts[1]);
            Jid to = Jid.of(parts[2]);
            Element stanza = XmlStreams.parseElement(parts[3]);
            if (parts[0].equals(DELIVER)) s.deliverForwarded(from, to, stanza);
            else r.route(from, to, stanza);
        } catch (XmlParseException | RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "dropped a stanza from another node that this node cannot read ("
                    + e.getMessage() + "); are both on the same version?", e);
        }
    }
}
