package xmpp.mod.muc.internal;

import java.util.Locale;
import java.util.Optional;

/** A user's lasting relation to a room (XEP-0045 section 5.2), lowest first. */
enum Affiliation {
    OUTCAST, NONE, MEMBER, ADMIN, OWNER;

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Affiliation> parse(String value) {
        for (Affiliation a : values()) if (a.value().equals(value)) return Optional.of(a);
        return Optional.empty();
    }

    boolean atLeast(Affiliation other) {
        return compareTo(other) >= 0;
    }

    /** The role a newcomer with this affiliation gets (section 5.1.2). */
    Role defaultRole(boolean moderated) {
        return switch (this) {
            case OWNER, ADMIN -> Role.MODERATOR;
            case MEMBER -> Role.PARTICIPANT;
            case NONE -> moderated ? Role.VISITOR : Role.PARTICIPANT;
            case OUTCAST -> Role.NONE;
        };
    }
}
