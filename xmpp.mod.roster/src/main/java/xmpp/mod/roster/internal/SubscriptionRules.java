package xmpp.mod.roster.internal;

import xmpp.core.storage.RosterItem;
import xmpp.core.storage.Subscription;

/**
 * RFC 6121 Appendix A as functions: what one subscription stanza does to the roster item of
 * the account it passes through. "Outbound" is a stanza the account's user sent (section A.2
 * and the user's-server halves of section 3); "inbound" is one the account receives (A.3).
 * No I/O here: the caller stores the item, pushes it and routes what the outcome says.
 */
final class SubscriptionRules {

    /** Presence the server sends on the account's behalf to the other party after the change. */
    enum PresenceEffect { NONE, AVAILABLE, UNAVAILABLE }

    /**
     * @param after the item as it is now ({@link RosterItem#isEmpty()} when nothing is left to keep)
     * @param changed whether {@code after} differs from what was stored, so it is stored and pushed
     * @param forward whether the stanza goes on: routed to the other party (outbound) or
     *        delivered to the account's resources (inbound)
     * @param reply a presence type the server answers with on the account's behalf, or {@code ""}
     * @param presence the account's presence the server sends to the other party
     */
    record Outcome(RosterItem after, boolean changed, boolean forward, String reply, PresenceEffect presence) {

        static Outcome unchanged(RosterItem item, boolean forward) {
            return new Outcome(item, false, forward, "", PresenceEffect.NONE);
        }
    }

    private SubscriptionRules() {
    }

    /** {@code type} sent by the account's user to the contact of {@code item} (RFC 6121 sections 3.1.2, 3.1.5, 3.2.2, 3.3.2). */
    static Outcome outbound(String type, RosterItem item) {
        return switch (type) {
            case "subscribe" -> {
                // 3.1.2: the contact shows in the roster, asked; always routed, so a lost request can be repeated.
                RosterItem after = (item.seesContact() ? item : with(item, item.subscription(), true, item.pendingIn())).asListed();
                yield new Outcome(after, !after.equals(item), true, "", PresenceEffect.NONE);
            }
            case "unsubscribe" -> {
                RosterItem after = with(item, withoutTo(item.subscription()), false, item.pendingIn());
                yield new Outcome(after, !after.equals(item), true, "", PresenceEffect.NONE);
            }
            case "subscribed" -> {
                if (item.pendingIn()) {                                   // 3.1.5: approval of a request
                    RosterItem after = with(item, withFrom(item.subscription()), item.pendingOut(), false).withApproved(false).asListed();
                    yield new Outcome(after, true, true, "", PresenceEffect.AVAILABLE);
                }
                if (item.seenByContact() || item.approved()) yield Outcome.unchanged(item, false);   // nothing to approve
                RosterItem after = item.withApproved(true).asListed();    // 3.4: pre-approval, kept for a later request
                yield new Outcome(after, true, false, "", PresenceEffect.NONE);
            }
            case "unsubscribed" -> {
                if (item.pendingIn() || item.seenByContact()) {           // 3.2.2: denial or cancellation
                    RosterItem after = with(item, withoutFrom(item.subscription()), item.pendingOut(), false).withApproved(false);
                    yield new Outcome(after, true, true, "", PresenceEffect.UNAVAILABLE);
                }
                if (item.approved()) yield new Outcome(item.withApproved(false), true, false, "", PresenceEffect.NONE);   // 3.4: pre-approval taken back
                yield Outcome.unchanged(item, false);
            }
            default -> throw new IllegalArgumentException("not a subscription type: " + type);
        };
    }

    /** {@code type} from the contact of {@code item} to the account (RFC 6121 sections 3.1.3, 3.1.6, 3.2.3, 3.3.3). */
    static Outcome inbound(String type, RosterItem item) {
        return switch (type) {
            case "subscribe" -> {
                if (item.seenByContact()) yield new Outcome(item, false, false, "subscribed", PresenceEffect.NONE);   // 3.1.3: already approved
                if (item.approved()) {                                    // 3.4: pre-approved
                    RosterItem after = with(item, withFrom(item.subscription()), item.pendingOut(), false).withApproved(false);
                    yield new Outcome(after, true, false, "subscribed", PresenceEffect.AVAILABLE);
                }
                RosterItem after = with(item, item.subscription(), item.pendingOut(), true);   // kept until the user answers
                yield new Outcome(after, !after.equals(item), true, "", PresenceEffect.NONE);
            }
            case "subscribed" -> {
                if (!item.pendingOut()) yield Outcome.unchanged(item, false);   // 3.1.6: nobody asked
                RosterItem after = with(item, withTo(item.subscription()), false, item.pendingIn());
                yield new Outcome(after, true, true, "", PresenceEffect.NONE);
            }
            case "unsubscribe" -> {
                if (!item.pendingIn() && !item.seenByContact()) yield Outcome.unchanged(item, false);
                RosterItem after = with(item, withoutFrom(item.subscription()), item.pendingOut(), false).withApproved(false);
                yield new Outcome(after, true, true, "", PresenceEffect.UNAVAILABLE);   // 3.3.3
            }
            case "unsubscribed" -> {
                if (!item.pendingOut() && !item.seesContact()) yield Outcome.unchanged(item, false);
                RosterItem after = with(item, withoutTo(item.subscription()), false, item.pendingIn());
                yield new Outcome(after, true, true, "", PresenceEffect.NONE);   // 3.2.3
            }
            default -> throw new IllegalArgumentException("not a subscription type: " + type);
        };
    }

    private static RosterItem with(RosterItem item, Subscription s, boolean pendingOut, boolean pendingIn) {
        return item.withSubscription(s, pendingOut, pendingIn);
    }

    private static Subscription withTo(Subscription s) {
        return s == Subscription.FROM || s == Subscription.BOTH ? Subscription.BOTH : Subscription.TO;
    }

    private static Subscription withoutTo(Subscription s) {
        return s == Subscription.FROM || s == Subscription.BOTH ? Subscription.FROM : Subscription.NONE;
    }

    private static Subscription withFrom(Subscription s) {
        return s == Subscription.TO || s == Subscription.BOTH ? Subscription.BOTH : Subscription.FROM;
    }

    private static Subscription withoutFrom(Subscription s) {
        return s == Subscription.TO || s == Subscription.BOTH ? Subscription.TO : Subscription.NONE;
    }
}
