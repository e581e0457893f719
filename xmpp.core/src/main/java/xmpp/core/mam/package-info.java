/**
 * Message archive management (XEP-0313) shared by the modules that keep archives, a user's
 * ({@code xmpp.mod.mam}) and a chat room's ({@code xmpp.mod.muc}): reading a query with its
 * XEP-0059 page into an {@link xmpp.core.storage.ArchiveQuery}, the ids archives give, and the
 * results and {@code <fin/>} a query is answered with. Part of the module API.
 */
@Export
@Version("2.0.0")
package xmpp.core.mam;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
