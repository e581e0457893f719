package xmpp.core.storage;

import java.time.Instant;
import java.util.Objects;
import xmpp.core.xml.Element;

/** A message kept for a user who was offline, and when it arrived (for the XEP-0203 delay stamp). */
public record OfflineMessage(Instant stored, Element message) {

    public OfflineMessage {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(message, "message");
    }
}
