/**
 * How stanzas travel and how modules plug in: the {@link xmpp.core.route.Router} service, the
 * whiteboard interfaces modules register ({@link xmpp.core.route.Component},
 * {@link xmpp.core.route.IqHandler}, {@link xmpp.core.route.StanzaHook},
 * {@link xmpp.core.route.SessionListener}) with the service properties that route to them,
 * and what modules look up: {@link xmpp.core.route.Hosts}, {@link xmpp.core.route.Sessions}.
 *
 * <p><b>Module API 1.0.</b> This package is part of the contract with module bundles built
 * outside this repository, versioned semantically and checked by bnd baselining at every
 * build: a module compiled against 1.x runs on every later 1.y. Interfaces marked
 * {@code @ProviderType} are implemented only by the server, so a method added to one is a
 * minor change; those marked {@code @ConsumerType} are implemented by modules and change only
 * with a major version. Types named {@code *.spi.*} are not part of this promise.
 */
@Export
@Version("1.3.0")
package xmpp.core.route;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
