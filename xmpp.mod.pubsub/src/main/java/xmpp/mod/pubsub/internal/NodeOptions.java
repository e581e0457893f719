package xmpp.mod.pubsub.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import xmpp.core.xml.Element;

/**
 * The configuration of a service's node (XEP-0060 section 16.4.4, the fields this service
 * supports), kept in the store as a submitted form. Values are checked as they come in, so a
 * stored one is always valid.
 */
record NodeOptions(boolean deliverPayloads, boolean persistItems, String maxItems, String accessModel,
                   boolean notifyConfig, boolean notifyDelete, boolean notifyRetract) {

    static final String NODE_CONFIG = "http://jabber.org/protocol/pubsub#node_config";
    static final String DATA_NS = "jabber:x:data";
    static final String DELIVER_PAYLOADS = "pubsub#deliver_payloads";
    static final String PERSIST_ITEMS = "pubsub#persist_items";
    static final String MAX_ITEMS = "pubsub#max_items";
    static final String ACCESS_MODEL = "pubsub#access_model";
    static final String NOTIFY_CONFIG = "pubsub#notify_config";
    static final String NOTIFY_DELETE = "pubsub#notify_delete";
    static final String NOTIFY_RETRACT = "pubsub#notify_retract";
    private static final Set<String> ACCESS_MODELS = Set.of("open", "authorize", "whitelist");

    // Subscribers hear of every change by default: a client that wants less configures it.
    static final NodeOptions DEFAULT = new NodeOptions(true, true, "10", "open", true, true, true);

    /** Thrown for a field or value the service does not support: {@code not-acceptable}. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /** These options with the submitted form's fields applied. */
    NodeOptions with(Element form, int ceiling) throws Invalid {
        boolean deliver = deliverPayloads, persist = persistItems, config = notifyConfig, delete = notifyDelete, retract = notifyRetract;
        String max = maxItems, access = accessModel;
        for (Map.Entry<String, String> f : fields(form).entrySet()) {
            String v = f.getValue();
            switch (f.getKey()) {
                case "FORM_TYPE" -> { }
                case DELIVER_PAYLOADS -> deliver = bool(f.getKey(), v);
                case PERSIST_ITEMS -> persist = bool(f.getKey(), v);
                case MAX_ITEMS -> max = maxItems(v, ceiling);
                case ACCESS_MODEL -> {
                    if (!ACCESS_MODELS.contains(v)) throw new Invalid(ACCESS_MODEL + " may be open, authorize or whitelist, not '" + v + "'");
                    access = v;
                }
                case NOTIFY_CONFIG -> config = bool(f.getKey(), v);
                case NOTIFY_DELETE -> delete = bool(f.getKey(), v);
                case NOTIFY_RETRACT -> retract = bool(f.getKey(), v);
                default -> throw new Invalid("the service does not support " + f.getKey());
            }
        }
        return new NodeOptions(deliver, persist, max, access, config, delete, retract);
    }

    /** Whether each field of a publish-options form (section 7.1.5) has the value this configuration has; an unknown field does not. */
    boolean meets(Element publishOptions) {
        Map<String, String> mine = fields(toForm("submit"));
        for (Map.Entry<String, String> f : fields(publishOptions).entrySet()) {
            if (f.getKey().equals("FORM_TYPE")) continue;
            String value = switch (f.getValue()) {   // a boolean may come as true or 1
                case "true" -> "1";
                case "false" -> "0";
                default -> f.getValue();
            };
            if (!value.equals(mine.get(f.getKey()))) return false;
        }
        return true;
    }

    /** XEP-0060 section 7.1.3.6: a notification-only node whose items are not kept takes no items at all. */
    boolean takesItems() {
        return deliverPayloads || persistItems;
    }

    int storedItems(int ceiling) {
        return maxItems.equals("max") ? ceiling : Math.min(Integer.parseInt(maxItems), ceiling);
    }

    Element toForm(String type) {
        return Element.builder("x").xmlns(DATA_NS).attr("type", type)
                .child(field("FORM_TYPE", "hidden", NODE_CONFIG))
                .child(field(DELIVER_PAYLOADS, "boolean", deliverPayloads ? "1" : "0"))
                .child(field(PERSIST_ITEMS, "boolean", persistItems ? "1" : "0"))
                .child(field(MAX_ITEMS, "text-single", maxItems))
                .child(field(ACCESS_MODEL, "list-single", accessModel))
                .child(field(NOTIFY_CONFIG, "boolean", notifyConfig ? "1" : "0"))
                .child(field(NOTIFY_DELETE, "boolean", notifyDelete ? "1" : "0"))
                .child(field(NOTIFY_RETRACT, "boolean", notifyRetract ? "1" : "0"))
                .build();
    }

    /** Options the service stored itself. */
    static NodeOptions stored(Element form, int ceiling) {
        try {
            return DEFAULT.with(form, ceiling);
        } catch (Invalid e) {
            throw new IllegalStateException("a stored node configuration is unreadable: " + e.getMessage(), e);
        }
    }

    static Element field(String var, String type, String value) {
        return Element.builder("field").attr("var", var).attr("type", type).child(Element.builder("value").text(value).build()).build();
    }

    /** The first value of each field of a form, by var. */
    static Map<String, String> fields(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element f : form.elements()) {
            if (!f.name().equals("field") || f.attr("var").isEmpty()) continue;
            List<String> values = f.elements().stream().filter(v -> v.name().equals("value")).map(Element::text).toList();
            fields.put(f.attr("var"), values.isEmpty() ? "" : values.getFirst());
        }
        return fields;
    }

    static boolean bool(String var, String value) throws Invalid {
        return switch (value) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new Invalid(var + " is a boolean, not '" + value + "'");
        };
    }

    private static String maxItems(String value, int ceiling) throws Invalid {
        if (value.equals("max")) return value;
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= ceiling) return Integer.toString(n);
        } catch (NumberFormatException e) {
            // refused below, as any other value out of range
        }
        throw new Invalid(MAX_ITEMS + " must be max or 1 to " + ceiling + ", not '" + value + "'");
    }
}
