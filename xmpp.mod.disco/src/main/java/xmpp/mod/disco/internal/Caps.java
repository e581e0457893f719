package xmpp.mod.disco.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import xmpp.core.xml.Element;

/** XEP-0115 entity capabilities: the verification string of a disco#info answer (section 5.1), SHA-1. */
final class Caps {

    static final String NS = "http://jabber.org/protocol/caps";
    static final String HASH = "sha-1";
    private static final String DATA_NS = "jabber:x:data";

    private Caps() {
    }

    /** The {@code ver} of the identities, features and extended forms in {@code query}. */
    static String ver(Element query) {
        StringBuilder s = new StringBuilder();
        List<String> identities = new ArrayList<>();
        for (Element i : query.elements())
            if (i.name().equals("identity"))
                identities.add(i.attr("category") + "/" + i.attr("type") + "/" + i.attr("xml:lang") + "/" + i.attr("name"));
        identities.sort(Comparator.naturalOrder());
        identities.forEach(i -> s.append(i).append('<'));
        query.elements().stream().filter(f -> f.name().equals("feature")).map(f -> f.attr("var")).sorted()
                .forEach(f -> s.append(f).append('<'));
        query.elements().stream().filter(x -> x.name().equals("x") && x.namespace().equals(DATA_NS))
                .sorted(Comparator.comparing(Caps::formType)).forEach(x -> appendForm(x, s));
        return sha1(s.toString());
    }

    private static void appendForm(Element form, StringBuilder s) {
        s.append(formType(form)).append('<');
        form.elements().stream().filter(f -> f.name().equals("field") && !f.attr("var").equals("FORM_TYPE"))
                .sorted(Comparator.comparing(f -> f.attr("var"))).forEach(field -> {
                    s.append(field.attr("var")).append('<');
                    values(field).stream().sorted().forEach(v -> s.append(v).append('<'));
                });
    }

    private static String formType(Element form) {
        return form.elements().stream().filter(f -> f.attr("var").equals("FORM_TYPE")).findFirst()
                .map(f -> String.join("", values(f))).orElse("");
    }

    private static List<String> values(Element field) {
        return field.elements().stream().filter(v -> v.name().equals("value")).map(Element::text).toList();
    }

    private static String sha1(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
