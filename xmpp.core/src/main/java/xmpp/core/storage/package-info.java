/**
 * Storage SPIs: accounts, rosters, offline messages, private XML and vCards. Every store is
 * keyed by the account's bare JID and keeps XML as elements, so later stores (archives, rooms,
 * nodes) follow the same pattern. Implementations are thread-safe; a backend failure is a
 * {@link xmpp.core.storage.StorageException}, never a silent loss.
 */
@Export
@Version("2.0.0")
package xmpp.core.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
