package xmpp.mod.muc.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * One nickname in a room and the sessions behind it: a user may join with the same nick from
 * several clients (XEP-0045 section 7.2.3 allows it for the same bare JID). Owned and guarded by
 * its {@link Room}.
 */
final class Occupant {

    final String nick;
    final Jid bare;
    Role role;
    /** How fast this occupant has been sending to the room: it goes with her through nick changes. */
    final Rate rate;
    /** Full JID of each joined client, with the presence it last sent to the room. */
    final Map<Jid, Element> sessions = new LinkedHashMap<>();

    Occupant(String nick, Jid bare, Role role, Rate rate) {
        this.nick = nick;
        this.bare = bare;
        this.role = role;
        this.rate = rate;
    }

    /** The presence shown for this occupant: the most recent of its clients'. */
    Element presence() {
        return sessions.values().stream().reduce((a, b) -> b).orElseThrow();
    }
}
