/**
 * How stanzas travel and how modules plug in: the {@link xmpp.core.route.Router} service, the
 * whiteboard interfaces modules register ({@link xmpp.core.route.Component},
 * {@link xmpp.core.route.IqHandler}, {@link xmpp.core.route.StanzaHook}, {@link xmpp.core.route.SessionListener}) with the service
 * properties that route to them, and the route and session table SPIs a cluster replaces.
 */
@Export
@Version("2.0.0")
package xmpp.core.route;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
