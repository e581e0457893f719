package xmpp.core.auth;

import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.jid.Jid;

/**
 * Told when an account is deleted through {@link Accounts} (the shell's {@code xmpp:users delete},
 * in-band removal, the admin commands): a whiteboard service, for a module that keeps an account's
 * data outside the storage service (files, caches), which deletes its own with the account.
 * Called after the authenticator has deleted it, on the deleting thread; a listener that throws
 * is logged and skipped.
 */
@ConsumerType
public interface AccountListener {

    /** {@code account} (a bare JID) no longer exists. */
    void deleted(Jid account);
}
