package xmpp.core.storage;

import java.util.Objects;
import java.util.Set;
import xmpp.core.jid.Jid;

/**
 * A bare JID's affiliation with a node of a pubsub service (XEP-0060 section 4.1), besides the
 * node's {@link PubSubNode#owner() creator}, who is always its owner.
 *
 * @param node the node's name
 * @param jid a bare JID
 * @param affiliation one of {@code owner}, {@code publisher}, {@code publish-only},
 *        {@code member} and {@code outcast}; {@code none} is the absence of a record
 * @since 1.1
 */
public record PubSubAffiliation(String node, Jid jid, String affiliation) {

    /** The affiliations a record may hold. */
    public static final Set<String> KINDS = Set.of("owner", "publisher", "publish-only", "member", "outcast");

    public PubSubAffiliation {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(affiliation, "affiliation");
        if (!KINDS.contains(affiliation)) throw new IllegalArgumentException("no affiliation '" + affiliation + "'; one of " + KINDS);
        jid = jid.bare();
    }
}
