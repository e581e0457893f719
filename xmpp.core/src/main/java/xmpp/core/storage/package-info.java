/**
 * Storage services modules use: rosters, offline messages, private XML, vCards and, since
 * 1.1, publish-subscribe nodes, items, subscriptions and affiliations ({@link xmpp.core.storage.PubSubStore}), chat rooms
 * ({@link xmpp.core.storage.RoomStore}) and message archives ({@link xmpp.core.storage.MessageArchive}). Every store
 * is keyed by the account's bare JID and keeps XML as elements, so later stores (archives,
 * rooms, nodes) follow the same pattern. Implementations are thread-safe; a backend failure is
 * a {@link xmpp.core.storage.StorageException}, never a silent loss.
 *
 * <p><b>Module API 1.1.</b> This package is part of the contract with module bundles built
 * outside this repository, versioned semantically and checked by bnd baselining at every
 * build: a module compiled against 1.x runs on every later 1.y. Interfaces marked
 * {@code @ProviderType} are implemented only by the server, so a method added to one is a
 * minor change; those marked {@code @ConsumerType} are implemented by modules and change only
 * with a major version. Types named {@code *.spi.*} are not part of this promise.
 */
@Export
@Version("1.1.0")
package xmpp.core.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
