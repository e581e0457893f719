package xmpp.core.xml;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A child of an element: another {@link Element} or a {@link Text}, as the seed's
 * {@code ElementOrCDATA}. Both are immutable, so trees can be shared between threads and
 * stanzas can be routed without copying.
 */
@ProviderType
public sealed interface Node permits Element, Text {

    /** Writes this node as XML into {@code out}. */
    void writeTo(XmlOutput out);
}
