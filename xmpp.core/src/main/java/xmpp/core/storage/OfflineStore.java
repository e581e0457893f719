package xmpp.core.storage;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/** Messages for users who were offline (XEP-0160), in arrival order, each delivered exactly once. */
@ProviderType
public interface OfflineStore {

    /**
     * Keeps {@code message} for {@code owner} unless {@code limit} messages wait already.
     *
     * @return false when the quota is reached: the caller bounces the message
     */
    boolean append(Jid owner, Element message, Instant stored, int limit) throws StorageException;

    /**
     * Removes and returns every waiting message, oldest first. Two concurrent calls never both
     * get the same message.
     */
    List<OfflineMessage> takeAll(Jid owner) throws StorageException;

    int count(Jid owner) throws StorageException;
}
