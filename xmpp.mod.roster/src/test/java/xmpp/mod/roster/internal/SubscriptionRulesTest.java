package xmpp.mod.roster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.Subscription;
import xmpp.mod.roster.internal.SubscriptionRules.Outcome;
import xmpp.mod.roster.internal.SubscriptionRules.PresenceEffect;

/**
 * RFC 6121 Appendix A, row by row. A state is written as the RFC writes it: a subscription,
 * then "+out" (pending out), "+in" (pending in), "+pre" (pre-approved).
 */
class SubscriptionRulesTest {

    private static final Jid CONTACT = Jid.of("juliet@example.com");

    static RosterItem state(String s) {
        String[] parts = s.split("\\+");
        RosterItem item = RosterItem.of(CONTACT, "", Set.of())
                .withSubscription(Subscription.valueOf(parts[0].toUpperCase()), s.contains("+out"), s.contains("+in"));
        return item.withApproved(s.contains("+pre"));
    }

    static String stateOf(RosterItem item) {
        return item.subscription().attributeValue() + (item.pendingOut() ? "+out" : "") + (item.pendingIn() ? "+in" : "")
                + (item.approved() ? "+pre" : "");
    }

    /** A.2: what the user's own stanzas do to the user's item for the contact, and whether they are routed. */
    @ParameterizedTest(name = "outbound {0} in {1} -> {2}, routed {3}")
    @CsvSource({
            "subscribe, none, none+out, true",
            "subscribe, none+in, none+out+in, true",
            "subscribe, to, to, true",
            "subscribe, from, from+out, true",
            "subscribe, both, both, true",
            "unsubscribe, none+out, none, true",
            "unsubscribe, to, none, true",
            "unsubscribe, to+in, none+in, true",
            "unsubscribe, both, from, true",
            "unsubscribe, from+out, from, true",
            "subscribed, none+in, from, true",
            "subscribed, none+out+in, from+out, true",
            "subscribed, to+in, both, true",
            "subscribed, none, none+pre, false",
            "subscribed, to, to+pre, false",
            "subscribed, from, from, false",
            "subscribed, both, both, false",
            "unsubscribed, none+in, none, true",
            "unsubscribed, to+in, to, true",
            "unsubscribed, from, none, true",
            "unsubscribed, both, to, true",
            "unsubscribed, none+pre, none, false",
            "unsubscribed, none, none, false",
            "unsubscribed, to, to, false",
    })
    void outbound(String type, String before, String after, boolean routed) {
        Outcome o = SubscriptionRules.outbound(type, state(before));
        assertEquals(after, stateOf(o.after()));
        assertEquals(routed, o.forward());
        assertEquals(!before.equals(after), o.changed());
    }

    /** A.3: what the contact's stanzas do to the user's item, whether the user sees them, and what the server answers. */
    @ParameterizedTest(name = "inbound {0} in {1} -> {2}, delivered {3}, answered {4}")
    @CsvSource({
            "subscribe, none, none+in, true, ''",
            "subscribe, none+out, none+out+in, true, ''",
            "subscribe, to, to+in, true, ''",
            "subscribe, none+in, none+in, true, ''",
            "subscribe, from, from, false, subscribed",
            "subscribe, both, both, false, subscribed",
            "subscribe, none+pre, from, false, subscribed",
            "subscribe, to+pre, both, false, subscribed",
            "subscribed, none+out, to, true, ''",
            "subscribed, from+out, both, true, ''",
            "subscribed, none, none, false, ''",
            "subscribed, to, to, false, ''",
            "subscribed, from, from, false, ''",
            "unsubscribe, from, none, true, ''",
            "unsubscribe, both, to, true, ''",
            "unsubscribe, none+in, none, true, ''",
            "unsubscribe, none, none, false, ''",
            "unsubscribe, to, to, false, ''",
            "unsubscribed, to, none, true, ''",
            "unsubscribed, both, from, true, ''",
            "unsubscribed, none+out, none, true, ''",
            "unsubscribed, from+out+in, from+in, true, ''",
            "unsubscribed, none, none, false, ''",
            "unsubscribed, from, from, false, ''",
    })
    void inbound(String type, String before, String after, boolean delivered, String reply) {
        Outcome o = SubscriptionRules.inbound(type, state(before));
        assertEquals(after, stateOf(o.after()));
        assertEquals(delivered, o.forward());
        assertEquals(reply, o.reply());
    }

    @Test
    void approvalSendsTheUsersPresenceAndCancellationTakesItBack() {
        assertEquals(PresenceEffect.AVAILABLE, SubscriptionRules.outbound("subscribed", state("none+in")).presence());
        assertEquals(PresenceEffect.UNAVAILABLE, SubscriptionRules.outbound("unsubscribed", state("both")).presence());
        assertEquals(PresenceEffect.UNAVAILABLE, SubscriptionRules.inbound("unsubscribe", state("from")).presence());
        assertEquals(PresenceEffect.AVAILABLE, SubscriptionRules.inbound("subscribe", state("none+pre")).presence());
        assertEquals(PresenceEffect.NONE, SubscriptionRules.inbound("subscribe", state("none")).presence());
    }

    @Test
    void aRequestFromAStrangerIsKeptOutOfTheRosterUntilTheUserAnswers() {
        RosterItem waiting = SubscriptionRules.inbound("subscribe", RosterItem.unlisted(CONTACT)).after();
        assertFalse(waiting.listed());
        assertTrue(waiting.pendingIn());
        assertTrue(SubscriptionRules.outbound("subscribed", waiting).after().listed(), "approving puts the contact in the roster");
        assertTrue(SubscriptionRules.outbound("unsubscribed", waiting).after().isEmpty(), "denying leaves nothing to keep");
        assertTrue(SubscriptionRules.outbound("subscribe", RosterItem.unlisted(CONTACT)).after().listed(), "asking adds the contact");
    }
}
