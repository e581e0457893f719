package xmpp.mod.pep.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.xml.Element;

/**
 * A node's configuration (XEP-0060 section 16.4.4, the fields PEP clients set through
 * publish-options): kept in the store as the submitted form {@link #toForm()} writes.
 *
 * @param maxItems a number of items, or {@code max}: as many as the server allows
 * @param sendLastPublished {@code never}, or when the last item goes to a resource that comes
 *        online or starts to want it ({@code on_sub_and_presence}, the default)
 */
record NodeConfig(AccessModel accessModel, boolean persistItems, String maxItems, Set<String> rosterGroups, String sendLastPublished) {

    static final String FORM_TYPE = "FORM_TYPE";
    static final String NODE_CONFIG = PubSub.NS + "#node_config";
    static final String META_DATA = PubSub.NS + "#meta-data";
    static final String PUBLISH_OPTIONS = PubSub.NS + "#publish-options";
    static final String ACCESS_MODEL = "pubsub#access_model";
    static final String PERSIST_ITEMS = "pubsub#persist_items";
    static final String MAX_ITEMS = "pubsub#max_items";
    static final String ROSTER_GROUPS = "pubsub#roster_groups_allowed";
    static final String SEND_LAST = "pubsub#send_last_published_item";
    private static final Set<String> SEND_LAST_VALUES = Set.of("never", "on_sub", "on_sub_and_presence");
    private static final String DATA_NS = "jabber:x:data";

    /** XEP-0163 section 4.3: presence access, one item, kept. */
    static final NodeConfig DEFAULT = new NodeConfig(AccessModel.PRESENCE, true, "1", Set.of(), "on_sub_and_presence");

    NodeConfig {
        rosterGroups = Set.copyOf(rosterGroups);
    }

    /** How many items the store keeps: one when items are not to persist, so the last can still be sent. */
    int storedItems(int ceiling) {
        if (!persistItems) return 1;
        return maxItems.equals("max") ? ceiling : Math.min(Integer.parseInt(maxItems), ceiling);
    }

    boolean sendsLastItem() {
        return !sendLastPublished.equals("never");
    }

    /** This configuration with the form's fields applied; an unknown field or a bad value is refused. */
    NodeConfig with(Element form, int ceiling) throws PubSub.Failure {
        NodeConfig c = this;
        for (Map.Entry<String, List<String>> f : fields(form).entrySet()) {
            List<String> v = f.getValue();
            String first = v.isEmpty() ? "" : v.getFirst();
            c = switch (f.getKey()) {
                case FORM_TYPE -> c;
                case ACCESS_MODEL -> new NodeConfig(AccessModel.of(first).orElseThrow(() -> invalid(f.getKey(), first)),
                        c.persistItems, c.maxItems, c.rosterGroups, c.sendLastPublished);
                case PERSIST_ITEMS -> new NodeConfig(c.accessModel, bool(f.getKey(), first), c.maxItems, c.rosterGroups, c.sendLastPublished);
                case MAX_ITEMS -> new NodeConfig(c.accessModel, c.persistItems, maxItems(first, ceiling), c.rosterGroups, c.sendLastPublished);
                case ROSTER_GROUPS -> new NodeConfig(c.accessModel, c.persistItems, c.maxItems, new TreeSet<>(v), c.sendLastPublished);
                case SEND_LAST -> {
                    if (!SEND_LAST_VALUES.contains(first)) throw invalid(f.getKey(), first);
                    yield new NodeConfig(c.accessModel, c.persistItems, c.maxItems, c.rosterGroups, first);
                }
                default -> throw PubSub.failure(Condition.NOT_ACCEPTABLE, "unsupported-configuration", "the server does not support " + f.getKey());
            };
        }
        return c;
    }

    /**
     * XEP-0060 section 7.1.5: whether publish-options {@code form} holds for this node, field by
     * field; an option the server does not know cannot hold.
     */
    boolean satisfies(Element form, int ceiling) {
        try {
            return with(form, ceiling).equals(this);
        } catch (PubSub.Failure notMet) {
            return false;
        }
    }

    /** The configuration as a submitted form, the way the store keeps it. */
    Element toForm() {
        return form("submit");
    }

    /** The configuration as the owner's configure request shows it. */
    Element toConfigureForm() {
        return form("form");
    }

    /**
     * XEP-0060 section 5.4: the node's meta-data, as its disco#info shows it to one who may read
     * the node. The roster groups it allows are the owner's alone to see: they name her groups.
     */
    Element toMetaData(Jid owner, boolean toOwner) {
        Element.Builder x = Element.builder("x").xmlns(DATA_NS).attr("type", "result");
        x.child(field(FORM_TYPE, "hidden", List.of(META_DATA)));
        x.child(field("pubsub#owner", "jid-multi", List.of(owner.toString())));
        x.child(field(ACCESS_MODEL, "list-single", List.of(accessModel.value())));
        x.child(field(PERSIST_ITEMS, "boolean", List.of(persistItems ? "1" : "0")));
        x.child(field(MAX_ITEMS, "text-single", List.of(maxItems)));
        if (toOwner) x.child(field(ROSTER_GROUPS, "list-multi", List.copyOf(new TreeSet<>(rosterGroups))));
        x.child(field(SEND_LAST, "list-single", List.of(sendLastPublished)));
        return x.build();
    }

    private Element form(String type) {
        Element.Builder x = Element.builder("x").xmlns(DATA_NS).attr("type", type);
        x.child(field(FORM_TYPE, "hidden", List.of(NODE_CONFIG)));
        x.child(field(ACCESS_MODEL, "list-single", List.of(accessModel.value())));
        x.child(field(PERSIST_ITEMS, "boolean", List.of(persistItems ? "1" : "0")));
        x.child(field(MAX_ITEMS, "text-single", List.of(maxItems)));
        x.child(field(ROSTER_GROUPS, "list-multi", List.copyOf(new TreeSet<>(rosterGroups))));
        x.child(field(SEND_LAST, "list-single", List.of(sendLastPublished)));
        return x.build();
    }

    private static Element field(String var, String type, List<String> values) {
        Element.Builder f = Element.builder("field").attr("var", var).attr("type", type);
        for (String v : values) f.child(Element.builder("value").text(v).build());
        return f.build();
    }

    /** A stored form back into a configuration; one the server wrote itself, so defaults fill what it lacks. */
    static NodeConfig fromStored(Element form, int ceiling) {
        try {
            return DEFAULT.with(form, ceiling);
        } catch (PubSub.Failure e) {
            throw new IllegalStateException("a stored node configuration is unreadable: " + e.getMessage(), e);
        }
    }

    /** The fields of a {@code jabber:x:data} form, by var, in document order. */
    static Map<String, List<String>> fields(Element form) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Element f : form.elements())
            if (f.name().equals("field") && !f.attr("var").isEmpty())
                fields.put(f.attr("var"), f.elements().stream().filter(v -> v.name().equals("value")).map(Element::text).toList());
        return fields;
    }

    static boolean isForm(Element e) {
        return e.name().equals("x") && e.namespace().equals(DATA_NS);
    }

    private static boolean bool(String var, String value) throws PubSub.Failure {
        return switch (value) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw invalid(var, value);
        };
    }

    private static String maxItems(String value, int ceiling) throws PubSub.Failure {
        if (value.equals("max")) return value;
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= ceiling) return Integer.toString(n);
        } catch (NumberFormatException e) {
            // answered below, as any other value out of range
        }
        throw PubSub.failure(Condition.NOT_ACCEPTABLE, "invalid-options", MAX_ITEMS + " must be max or 1 to " + ceiling + ", not " + value);
    }

    private static PubSub.Failure invalid(String var, String value) {
        return PubSub.failure(Condition.NOT_ACCEPTABLE, "invalid-options", var + " cannot be '" + value + "'");
    }
}
