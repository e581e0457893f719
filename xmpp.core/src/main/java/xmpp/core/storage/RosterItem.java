package xmpp.core.storage;

import java.util.Objects;
import java.util.Set;
import xmpp.core.jid.Jid;

/**
 * A contact in a roster with its full subscription state (RFC 6121 Appendix A).
 *
 * @param contact the contact's bare JID
 * @param name the handle the user gave the contact, or {@code ""}
 * @param subscription who sees whose presence
 * @param pendingOut the user asked to subscribe and has no answer yet ({@code ask='subscribe'})
 * @param pendingIn the contact asked to subscribe and the user has not answered
 * @param approved the user pre-approved a subscription request from the contact (RFC 6121 section 3.4)
 * @param groups the groups the user put the contact in
 */
public record RosterItem(Jid contact, String name, Subscription subscription, boolean pendingOut, boolean pendingIn,
                         boolean approved, Set<String> groups) {

    public RosterItem {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subscription, "subscription");
        groups = Set.copyOf(groups);
        if (!contact.isBare()) throw new IllegalArgumentException("a roster item is a bare JID, not " + contact);
    }

    /** A new item with no subscription, as a roster set creates it. */
    public static RosterItem of(Jid contact, String name, Set<String> groups) {
        return new RosterItem(contact, name, Subscription.NONE, false, false, false, groups);
    }

    public RosterItem withSubscription(Subscription s, boolean pendingOut, boolean pendingIn) {
        return new RosterItem(contact, name, s, pendingOut, pendingIn, approved, groups);
    }

    public RosterItem withApproved(boolean approved) {
        return new RosterItem(contact, name, subscription, pendingOut, pendingIn, approved, groups);
    }

    public RosterItem withNameAndGroups(String name, Set<String> groups) {
        return new RosterItem(contact, name, subscription, pendingOut, pendingIn, approved, groups);
    }
}
