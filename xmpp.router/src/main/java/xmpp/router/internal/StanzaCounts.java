package xmpp.router.internal;

import java.util.concurrent.atomic.LongAdder;
import xmpp.core.xml.Element;

/**
 * Stanzas routed, by kind. Counted on every route, so it must stay as cheap as the single
 * counter it replaced: one adder increment, no allocation, no lock.
 */
final class StanzaCounts {

    private final LongAdder messages = new LongAdder();
    private final LongAdder presences = new LongAdder();
    private final LongAdder iqs = new LongAdder();
    private final LongAdder others = new LongAdder();

    void count(Element stanza) {
        adder(stanza.name()).increment();
    }

    /** Stanzas of {@code kind}: {@code message}, {@code presence}, {@code iq}, or {@code other} for the rest. */
    long of(String kind) {
        return adder(kind).sum();
    }

    long total() {
        return messages.sum() + presences.sum() + iqs.sum() + others.sum();
    }

    private LongAdder adder(String name) {
        return switch (name) {
            case "message" -> messages;
            case "presence" -> presences;
            case "iq" -> iqs;
            default -> others;
        };
    }
}
