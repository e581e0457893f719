package xmpp.mod.disco.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import xmpp.core.route.Hosts;
import xmpp.core.stream.StreamFeature;
import xmpp.core.xml.Element;

/**
 * XEP-0115 section 6.3: the server's entity capabilities in the client stream features, so a
 * client learns the server's features without asking, and asks again only when the hash changes.
 * The hash is computed per stream from the disco#info answer as it is at that moment, so it
 * follows the features as modules come and go.
 *
 * <p>A stream feature is not told which domain the stream is for, so this advertises the
 * primary (first served) domain's features; the other domains' answer to disco#info as usual.
 */
@Component
public final class EntityCapabilities implements StreamFeature {

    private final Hosts hosts;

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ServerInfo> infos;

    @Activate
    public EntityCapabilities(@Reference Hosts hosts) {
        this.hosts = hosts;
    }

    EntityCapabilities(Hosts hosts, List<ServerInfo> infos) {
        this.hosts = hosts;
        this.infos = infos;
    }

    @Override
    public Element element() {
        String host = hosts.all().stream().findFirst().orElse("");
        List<ServerInfo> now = infos;
        ServerInfo info = now.stream().filter(i -> i.servesExactly(host)).findFirst().orElse(now.getFirst());
        return Element.builder("c").xmlns(Caps.NS).attr("hash", Caps.HASH).attr("node", ServerInfo.CAPS_NODE)
                .attr("ver", Caps.ver(info.info(host))).build();
    }
}
