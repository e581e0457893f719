package xmpp.mod.roster.internal;

import org.osgi.service.component.annotations.Component;
import xmpp.core.stream.StreamFeature;
import xmpp.core.xml.Element;

/** Tells clients the roster is versioned (RFC 6121 section 2.6.1), while this module runs. */
@Component
public final class RosterVersioning implements StreamFeature {

    private static final Element FEATURE = Element.of("ver", "urn:xmpp:features:rosterver");

    @Override
    public Element element() {
        return FEATURE;
    }
}
