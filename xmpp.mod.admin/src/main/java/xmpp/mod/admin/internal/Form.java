package xmpp.mod.admin.internal;

import java.util.ArrayList;
import java.util.List;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaException;
import xmpp.core.xml.Element;

/** XEP-0004 data forms as the admin commands use them: forms to fill in, results, and what was submitted. */
final class Form {

    static final String NS = "jabber:x:data";
    static final String FORM_TYPE = "http://jabber.org/protocol/admin";

    private final Element.Builder x;

    private Form(String type, String title) {
        x = Element.builder("x").xmlns(NS).attr("type", type);
        if (!title.isEmpty()) x.child(Element.builder("title").text(title).build());
        x.child(field("hidden", "FORM_TYPE", "", List.of(FORM_TYPE), false));
    }

    /** A form for the requester to fill in. */
    static Form toFill(String title) {
        return new Form("form", title);
    }

    /** A result to show. */
    static Form result() {
        return new Form("result", "");
    }

    Form field(String type, String var, String label, boolean required) {
        x.child(field(type, var, label, List.of(), required));
        return this;
    }

    Form value(String type, String var, String label, List<String> values) {
        x.child(field(type, var, label, values, false));
        return this;
    }

    Element build() {
        return x.build();
    }

    private static Element field(String type, String var, String label, List<String> values, boolean required) {
        Element.Builder f = Element.builder("field").attr("type", type).attr("var", var);
        if (!label.isEmpty()) f.attr("label", label);
        if (required) f.child(Element.of("required"));
        for (String v : values) f.child(Element.builder("value").text(v).build());
        return f.build();
    }

    /** The values submitted for {@code var}, in order; none if the field is missing. */
    static List<String> values(Element submitted, String var) {
        List<String> values = new ArrayList<>();
        for (Element f : submitted.elements())
            if (f.name().equals("field") && f.attr("var").equals(var))
                for (Element v : f.elements()) if (v.name().equals("value")) values.add(v.text());
        return values;
    }

    /** The one value of a required field; {@code bad-request} naming it when it is missing or empty. */
    static String required(Element submitted, String var) throws StanzaException {
        List<String> values = values(submitted, var);
        if (values.isEmpty() || values.get(0).isBlank())
            throw new StanzaException(StanzaError.of(StanzaError.Condition.BAD_REQUEST, "the field " + var + " is required"));
        return values.get(0);
    }
}
