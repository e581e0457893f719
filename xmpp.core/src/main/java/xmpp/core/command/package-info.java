/**
 * Ad-hoc commands (XEP-0050) that modules offer: a module registers an
 * {@link xmpp.core.command.AdhocCommand} service; the ad-hoc commands module lists it to the
 * entities it allows, runs it stage by stage, and keeps the sessions.
 *
 * <p><b>Module API 1.0.</b> This package is part of the contract with module bundles built
 * outside this repository, versioned semantically and checked by bnd baselining at every
 * build: a module compiled against 1.x runs on every later 1.y. Interfaces marked
 * {@code @ProviderType} are implemented only by the server, so a method added to one is a
 * minor change; those marked {@code @ConsumerType} are implemented by modules and change only
 * with a major version.
 */
@Export
@Version("1.0.0")
package xmpp.core.command;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
