package xmpp.mod.mam.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.xml.Element;

/**
 * A user's archiving preferences (XEP-0313 section 5): a default mode, and JIDs always or never
 * archived whatever the default. A JID in both lists is never archived: refusing to keep is the
 * safer reading of a contradiction.
 */
record Preferences(Mode defaultMode, Set<Jid> always, Set<Jid> never) {

    enum Mode {
        ALWAYS, ROSTER, NEVER;

        String attributeValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Mode> of(String value) {
            for (Mode m : values()) if (m.attributeValue().equals(value)) return Optional.of(m);
            return Optional.empty();
        }
    }

    Preferences {
        always = Set.copyOf(always);
        never = Set.copyOf(never);
    }

    static Preferences of(Mode defaultMode) {
        return new Preferences(defaultMode, Set.of(), Set.of());
    }

    /** Whether a message with {@code with} is archived; {@code inRoster} is asked only in roster mode. */
    boolean archives(Jid with, java.util.function.Predicate<Jid> inRoster) {
        if (listed(never, with)) return false;
        if (listed(always, with)) return true;
        return switch (defaultMode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case ROSTER -> inRoster.test(with.bare());
        };
    }

    /** A bare JID in a list covers every resource of it (XEP-0313 section 5.1). */
    private static boolean listed(Set<Jid> list, Jid with) {
        return list.contains(with) || list.contains(with.bare());
    }

    /** The {@code <prefs/>} a client sent. */
    static Preferences parse(Element prefs) throws StanzaException {
        Mode mode = Mode.of(prefs.attr("default")).orElseThrow(() ->
                new StanzaException(Condition.BAD_REQUEST, "default must be always, roster or never"));
        return new Preferences(mode, jids(prefs, "always"), jids(prefs, "never"));
    }

    private static Set<Jid> jids(Element prefs, String list) throws StanzaException {
        Set<Jid> result = new LinkedHashSet<>();
        Optional<Element> element = prefs.child(list);
        if (element.isEmpty()) return result;
        for (Element jid : element.get().elements()) {
            if (!jid.name().equals("jid")) continue;
            result.add(Jid.parse(jid.text().strip()).orElseThrow(() ->
                    new StanzaException(Condition.JID_MALFORMED, "not a JID in <" + list + "/>: " + jid.text())));
        }
        return result;
    }

    /** As {@code <prefs/>} in {@code namespace}: the answer to a client, or what is stored. */
    Element toXml(String namespace) {
        return Element.builder("prefs").xmlns(namespace).attr("default", defaultMode.attributeValue())
                .child(list("always", always)).child(list("never", never)).build();
    }

    private static Element list(String name, Set<Jid> jids) {
        Element.Builder b = Element.builder(name);
        jids.stream().sorted().forEach(j -> b.child(Element.builder("jid").text(j.toString()).build()));
        return b.build();
    }
}
