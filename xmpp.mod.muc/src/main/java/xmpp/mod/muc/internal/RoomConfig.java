package xmpp.mod.muc.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import xmpp.core.xml.Element;

/**
 * A room's configuration: the fields of the XEP-0045 section 10 form
 * ({@code http://jabber.org/protocol/muc#roomconfig}). Immutable; a submitted form makes a new one.
 */
record RoomConfig(String name, String description, boolean persistent, boolean publicRoom, boolean membersOnly,
                  boolean moderated, boolean passwordProtected, String password, int maxUsers, boolean whoisAnyone,
                  boolean changeSubject, boolean allowInvites, String allowPm, int historyLength, boolean archiving) {

    static final String FORM_TYPE = "http://jabber.org/protocol/muc#roomconfig";
    static final String DATA = "jabber:x:data";
    static final Set<String> PM_POLICIES = Set.of("anyone", "participants", "moderators", "none");
    /**
     * The fields that switch the room's archive (XEP-0313) on or off, all one setting: Prosody's
     * {@code muc#roomconfig_enablearchiving}, XEP-0045's {@code muc#roomconfig_enablelogging} (the
     * one Smack offers, as public logging) and ejabberd's {@code mam}, which the form does not show.
     */
    static final List<String> ARCHIVING_FIELDS = List.of("muc#roomconfig_enablearchiving", "muc#roomconfig_enablelogging", "mam");

    static RoomConfig defaults(int maxUsers, int historyLength, boolean archiving) {
        return new RoomConfig("", "", false, true, false, false, false, "", maxUsers, false, false, false, "anyone", historyLength, archiving);
    }

    /** The form an owner fills in (section 10.2), showing the current values; {@code owners} and {@code admins} as they are. */
    Element form(List<String> owners, List<String> admins) {
        Element.Builder x = Element.builder("x").xmlns(DATA).attr("type", "form")
                .child(Element.builder("title").text("Configuration of the room").build())
                .child(field("FORM_TYPE", "hidden", null, List.of(FORM_TYPE)))
                .child(field("muc#roomconfig_roomname", "text-single", "Name", List.of(name)))
                .child(field("muc#roomconfig_roomdesc", "text-single", "Description", List.of(description)))
                .child(field("muc#roomconfig_persistentroom", "boolean", "Keep the room when it empties", bool(persistent)))
                .child(field("muc#roomconfig_publicroom", "boolean", "List the room in searches", bool(publicRoom)))
                .child(field("muc#roomconfig_membersonly", "boolean", "Members only", bool(membersOnly)))
                .child(field("muc#roomconfig_moderatedroom", "boolean", "Moderated (visitors cannot speak)", bool(moderated)))
                .child(field("muc#roomconfig_passwordprotectedroom", "boolean", "Password required", bool(passwordProtected)))
                .child(field("muc#roomconfig_roomsecret", "text-private", "Password", List.of(password)))
                .child(options(field("muc#roomconfig_maxusers", "list-single", "Most occupants (0: the service's limit)",
                        List.of(Integer.toString(maxUsers))), List.of("10", "20", "30", "50", "100", "200", "0")))
                .child(options(field("muc#roomconfig_whois", "list-single", "Who may see occupants' real addresses",
                        List.of(whoisAnyone ? "anyone" : "moderators")), List.of("moderators", "anyone")))
                .child(field("muc#roomconfig_changesubject", "boolean", "Occupants may change the subject", bool(changeSubject)))
                .child(field("muc#roomconfig_allowinvites", "boolean", "Occupants may invite others", bool(allowInvites)))
                .child(options(field("muc#roomconfig_allowpm", "list-single", "Who may send private messages",
                        List.of(allowPm)), List.of("anyone", "participants", "moderators", "none")))
                .child(field("muc#maxhistoryfetch", "text-single", "Messages of history kept", List.of(Integer.toString(historyLength))))
                .child(field(ARCHIVING_FIELDS.get(0), "boolean", "Archive messages (occupants may search them)", bool(archiving)))
                .child(field(ARCHIVING_FIELDS.get(1), "boolean", "Log discussions (the same archive)", bool(archiving)))
                .child(field("muc#roomconfig_roomowners", "jid-multi", "Owners", owners))
                .child(field("muc#roomconfig_roomadmins", "jid-multi", "Admins", admins));
        return x.build();
    }

    /**
     * This configuration changed by the fields of a submitted form; a field left out keeps its
     * value. {@code maxUsersLimit} caps the size (0: no cap).
     *
     * @throws IllegalArgumentException naming a field whose value is not acceptable
     */
    RoomConfig submitted(Map<String, List<String>> fields, int maxUsersLimit, int historyLimit) {
        int max = integer(fields, "muc#roomconfig_maxusers", maxUsers);
        if (max < 0 || (maxUsersLimit > 0 && (max == 0 || max > maxUsersLimit))) max = maxUsersLimit;
        int history = Math.min(Math.max(0, integer(fields, "muc#maxhistoryfetch", historyLength)), historyLimit);
        String pm = single(fields, "muc#roomconfig_allowpm").orElse(allowPm);
        if (!PM_POLICIES.contains(pm)) throw new IllegalArgumentException("muc#roomconfig_allowpm: " + pm);
        String whois = single(fields, "muc#roomconfig_whois").orElse(whoisAnyone ? "anyone" : "moderators");
        if (!whois.equals("anyone") && !whois.equals("moderators")) throw new IllegalArgumentException("muc#roomconfig_whois: " + whois);
        String secret = single(fields, "muc#roomconfig_roomsecret").orElse(password);
        boolean secured = bool(fields, "muc#roomconfig_passwordprotectedroom", passwordProtected);
        if (secured && secret.isEmpty()) throw new IllegalArgumentException("muc#roomconfig_roomsecret: a password-protected room needs a password");
        return new RoomConfig(single(fields, "muc#roomconfig_roomname").orElse(name),
                single(fields, "muc#roomconfig_roomdesc").orElse(description),
                bool(fields, "muc#roomconfig_persistentroom", persistent), bool(fields, "muc#roomconfig_publicroom", publicRoom),
                bool(fields, "muc#roomconfig_membersonly", membersOnly), bool(fields, "muc#roomconfig_moderatedroom", moderated),
                secured, secret, max, whois.equals("anyone"),
                bool(fields, "muc#roomconfig_changesubject", changeSubject), bool(fields, "muc#roomconfig_allowinvites", allowInvites),
                pm, history, archiving(fields));
    }

    /** Whether a submitted form leaves the archive on: the first of its archiving fields that changes the setting decides. */
    private boolean archiving(Map<String, List<String>> fields) {
        for (String var : ARCHIVING_FIELDS) {
            boolean value = bool(fields, var, archiving);
            if (value != archiving) return value;
        }
        return archiving;
    }

    /** The values of each field of a data form, by {@code var}. */
    static Map<String, List<String>> fieldsOf(Element form) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Element f : form.elements()) {
            if (!f.name().equals("field") || f.attr("var").isEmpty()) continue;
            List<String> values = new ArrayList<>();
            for (Element v : f.elements()) if (v.name().equals("value")) values.add(v.text().strip());
            fields.put(f.attr("var"), values);
        }
        return fields;
    }

    private static Optional<String> single(Map<String, List<String>> fields, String var) {
        List<String> values = fields.get(var);
        return values == null ? Optional.empty() : Optional.of(values.isEmpty() ? "" : values.getFirst());
    }

    private static boolean bool(Map<String, List<String>> fields, String var, boolean otherwise) {
        return single(fields, var).map(v -> {
            if (v.equals("1") || v.equals("true")) return true;
            if (v.equals("0") || v.equals("false")) return false;
            throw new IllegalArgumentException(var + ": not a boolean: " + v);
        }).orElse(otherwise);
    }

    private static int integer(Map<String, List<String>> fields, String var, int otherwise) {
        Optional<String> value = single(fields, var).filter(v -> !v.isEmpty() && !v.equals("none"));
        try {
            return value.map(Integer::parseInt).orElse(otherwise);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(var + ": not a number: " + value.get());
        }
    }

    private static List<String> bool(boolean value) {
        return List.of(value ? "1" : "0");
    }

    static Element field(String var, String type, String label, List<String> values) {
        Element.Builder f = Element.builder("field").attr("var", var);
        if (type != null) f.attr("type", type);
        if (label != null) f.attr("label", label);
        for (String v : values) f.child(Element.builder("value").text(v).build());
        return f.build();
    }

    private static Element options(Element field, List<String> options) {
        Element.Builder f = field.toBuilder();
        for (String o : options) f.child(Element.builder("option").attr("label", o).child(Element.builder("value").text(o).build()).build());
        return f.build();
    }
}
