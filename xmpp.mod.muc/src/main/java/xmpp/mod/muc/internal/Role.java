package xmpp.mod.muc.internal;

import java.util.Locale;
import java.util.Optional;

/** An occupant's role in a room (XEP-0045 section 5.1), lowest first. */
enum Role {
    NONE, VISITOR, PARTICIPANT, MODERATOR;

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Role> parse(String value) {
        for (Role r : values()) if (r.value().equals(value)) return Optional.of(r);
        return Optional.empty();
    }

    boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }
}
