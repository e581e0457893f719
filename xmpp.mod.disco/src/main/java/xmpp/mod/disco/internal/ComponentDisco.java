package xmpp.mod.disco.internal;

import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/**
 * XEP-0030 disco#info and disco#items of a component's own domain, answered for it when a local
 * user asks: its {@code xmpp.disco.identity} (or a generic one), the features it declares, and no items. A component such
 * as echo knows nothing of discovery and would send the request back as it came. Requests to a
 * node, or to an address at the component's domain (a room), go on to the component.
 */
@Component(property = StanzaHook.POINT + "=" + StanzaHook.USER_SEND_PACKET)
public final class ComponentDisco implements StanzaHook {

    private final DiscoCatalog catalog;
    private final Router router;

    @Activate
    public ComponentDisco(@Reference DiscoCatalog catalog, @Reference Router router) {
        this.catalog = catalog;
        this.router = router;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (!stanza.name().equals("iq") || !stanza.attr("type").equals("get") || !to.isDomain()) return stanza;
        Optional<Element> query = stanza.firstElement().filter(q -> q.name().equals("query") && q.attr("node").isEmpty());
        String namespace = query.map(Element::namespace).orElse("");
        if (!namespace.equals(ServerInfo.NS) && !namespace.equals(ServerItems.NS)) return stanza;
        Optional<DiscoCatalog.ComponentInfo> component = catalog.componentAt(to.domainpart());
        if (component.isEmpty()) return stanza;
        Element.Builder answer = Element.builder("query").xmlns(namespace);
        if (namespace.equals(ServerInfo.NS)) {
            answer.child(component.get().identity().toElement());
            java.util.SortedSet<String> features = new java.util.TreeSet<>(component.get().features());
            features.add(ServerInfo.NS);
            for (String f : features) answer.child(Element.of("feature").withAttr("var", f));
        }
        router.route(to, from, Element.builder("iq").attr("type", "result").attr("id", stanza.attr("id"))
                .attr("from", to.toString()).attr("to", from.toString()).child(answer.build()).build());
        return null;
    }
}
