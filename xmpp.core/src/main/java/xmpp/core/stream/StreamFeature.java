package xmpp.core.stream;

import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.xml.Element;

/**
 * A feature a module offers on client streams once the client has authenticated (RFC 6120
 * section 4.3.2), such as roster versioning (RFC 6121 section 2.6.1): a whiteboard service
 * whose element the client listener adds to {@code <stream:features/>} while it is registered.
 */
@ConsumerType
public interface StreamFeature {

    /** The element advertised, e.g. {@code <ver xmlns='urn:xmpp:features:rosterver'/>}. */
    Element element();
}
