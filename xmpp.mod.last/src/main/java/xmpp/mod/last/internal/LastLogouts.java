package xmpp.mod.last.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * When each account last went offline, and with which status. Kept in the private XML store
 * under a namespace of the server's own ({@code urn:x-xmpp-server:}, which clients do not reach
 * through XEP-0049), so that it survives restarts and goes with the account when the account is
 * deleted, without a table of its own.
 */
final class LastLogouts {

    static final String NS = "urn:x-xmpp-server:last-logout";

    /** A logout: when, and the status text of the unavailable presence ({@code ""} without one). */
    record Logout(Instant when, String status) {
    }

    private final PrivateXmlStore store;

    LastLogouts(PrivateXmlStore store) {
        this.store = store;
    }

    void record(Jid account, Logout logout) throws StorageException {
        store.put(account.bare(), Element.builder("logout").xmlns(NS)
                .attr("stamp", logout.when().toString()).text(logout.status()).build());
    }

    /** The account's last logout; empty if it never logged out since this module kept them, or what is kept is unreadable. */
    Optional<Logout> last(Jid account) throws StorageException {
        return store.get(account.bare(), NS).flatMap(e -> {
            try {
                return Optional.of(new Logout(Instant.parse(e.attr("stamp")), e.text()));
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        });
    }
}
