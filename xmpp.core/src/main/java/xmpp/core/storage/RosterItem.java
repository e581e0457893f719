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
 * @param listed whether the user's roster shows the item; false for a contact known only by a
 *        subscription request the user has not answered yet (RFC 6121 section 3.1.3), which
 *        the server keeps to deliver it again at the user's next login
 * @param groups the groups the user put the contact in
 */
public record RosterItem(Jid contact, String name, Subscription subscription, boolean pendingOut, boolean pendingIn,
                         boolean approved, boolean listed, Set<String> groups) {

    public RosterItem {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subscription, "subscription");
        groups = Set.copyOf(groups);
        if (!contact.isBare()) throw new IllegalArgumentException("a roster item is a bare JID, not " + contact);
    }

    /** A new item with no subscription, as a roster set creates it. */
    public static RosterItem of(Jid contact, String name, Set<String> groups) {
        return new RosterItem(contact, name, Subscription.NONE, false, false, false, true, groups);
    }

    /** What the server keeps of a contact that is not in the roster: nothing but its own state. */
    public static RosterItem unlisted(Jid contact) {
        return new RosterItem(contact, "", Subscription.NONE, false, false, false, false, Set.of());
    }

    public RosterItem withSubscription(Subscription s, boolean pendingOut, boolean pendingIn) {
        return new RosterItem(contact, name, s, pendingOut, pendingIn, approved, listed, groups);
    }

    public RosterItem withApproved(boolean approved) {
        return new RosterItem(contact, name, subscription, pendingOut, pendingIn, approved, listed, groups);
    }

    /** The item as the user set it in the roster: shown, with this name and these groups. */
    public RosterItem withNameAndGroups(String name, Set<String> groups) {
        return new RosterItem(contact, name, subscription, pendingOut, pendingIn, approved, true, groups);
    }

    /** The item, shown in the roster: a subscription state the user takes part in. */
    public RosterItem asListed() {
        return listed ? this : new RosterItem(contact, name, subscription, pendingOut, pendingIn, approved, true, groups);
    }

    /** Whether anything is left: an unlisted item with no subscription, request or approval means nothing. */
    public boolean isEmpty() {
        return !listed && subscription == Subscription.NONE && !pendingOut && !pendingIn && !approved;
    }

    /** Whether the user receives the contact's presence: subscription to or both. */
    public boolean seesContact() {
        return subscription == Subscription.TO || subscription == Subscription.BOTH;
    }

    /** Whether the contact receives the user's presence: subscription from or both. */
    public boolean seenByContact() {
        return subscription == Subscription.FROM || subscription == Subscription.BOTH;
    }
}
