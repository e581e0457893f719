package xmpp.core.storage;

import java.time.Instant;
import java.util.Objects;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * A message in an archive: the archive's owner (a bare JID), its id there, when it was archived,
 * the other party ({@code with}: for a user's archive the correspondent, for a room's archive
 * the occupant) and the message as it was delivered.
 *
 * @since 1.1
 */
public record ArchivedMessage(Jid archive, long id, Instant stamp, Jid with, Element message) {

    public ArchivedMessage {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(stamp, "stamp");
        Objects.requireNonNull(with, "with");
        Objects.requireNonNull(message, "message");
        archive = archive.bare();
    }
}
