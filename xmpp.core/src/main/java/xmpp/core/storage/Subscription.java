package xmpp.core.storage;

import java.util.Locale;

/** The subscription attribute of a roster item (RFC 6121 section 2.1.2.5). */
public enum Subscription {
    NONE, TO, FROM, BOTH;

    public String attributeValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
