/**
 * How a password is checked: the {@link xmpp.core.auth.Authenticator} service, which an
 * authentication module (such as external authentication) registers for its hosts.
 *
 * <p><b>Module API 1.0.</b> This package is part of the contract with module bundles built
 * outside this repository, versioned semantically and checked by bnd baselining at every
 * build: a module compiled against 1.x runs on every later 1.y. Interfaces marked
 * {@code @ProviderType} are implemented only by the server, so a method added to one is a
 * minor change; those marked {@code @ConsumerType} are implemented by modules and change only
 * with a major version. Types named {@code *.spi.*} are not part of this promise.
 */
@Export
@Version("1.2.0")
package xmpp.core.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
