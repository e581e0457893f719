package xmpp.mod.pep.internal;

import java.util.Locale;
import java.util.Optional;
import xmpp.core.stanza.StanzaError.Condition;

/** Who may see a node's items (XEP-0060 section 4.5), and what the others get when they ask. */
enum AccessModel {
    /** Anyone. */
    OPEN(Condition.FORBIDDEN, ""),
    /** The owner's presence subscribers. */
    PRESENCE(Condition.NOT_AUTHORIZED, "presence-subscription-required"),
    /** Contacts in the roster groups the node allows. */
    ROSTER(Condition.NOT_AUTHORIZED, "not-in-roster-group"),
    /** The owner, and those she affiliates as members or publishers. */
    WHITELIST(Condition.NOT_ALLOWED, "closed-node");

    final Condition refusal;
    final String refusalCondition;

    AccessModel(Condition refusal, String refusalCondition) {
        this.refusal = refusal;
        this.refusalCondition = refusalCondition;
    }

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<AccessModel> of(String value) {
        for (AccessModel m : values()) if (m.value().equals(value)) return Optional.of(m);
        return Optional.empty();
    }
}
