package xmpp.mod.muc.internal;

import java.util.List;
import xmpp.core.xml.Element;

/** The namespaces of multi-user chat and the small elements every part of it builds. */
final class Muc {

    static final String NS = "http://jabber.org/protocol/muc";
    static final String USER = NS + "#user";
    static final String ADMIN = NS + "#admin";
    static final String OWNER = NS + "#owner";
    static final String UNIQUE = NS + "#unique";
    static final String REQUEST = NS + "#request";
    static final String ROOMINFO = NS + "#roominfo";
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    static final String OCCUPANT_ID = "urn:xmpp:occupant-id:0";
    static final String PING = "urn:xmpp:ping";
    static final String SELF_PING = NS + "#self-ping-optimization";
    static final String DELAY = "urn:xmpp:delay";
    static final String REGISTER = "jabber:iq:register";
    static final String REGISTER_FORM = NS + "#register";
    static final String RESERVED_NICK_NODE = "x-roomuser-item";

    // Status codes of XEP-0045 section 15.
    static final int NON_ANONYMOUS = 100;
    static final int CONFIG_CHANGED = 104;
    static final int SELF = 110;
    static final int LOGGED = 170;
    static final int NOT_LOGGED = 171;
    static final int CREATED = 201;
    static final int BANNED = 301;
    static final int NICK_CHANGED = 303;
    static final int KICKED = 307;
    static final int AFFILIATION_LOST = 321;
    static final int MEMBERS_ONLY_NOW = 322;
    static final int SHUTDOWN = 332;

    private Muc() {
    }

    static Element identity(String category, String type, String name) {
        Element.Builder b = Element.builder("identity").attr("category", category).attr("type", type);
        if (!name.isEmpty()) b.attr("name", name);
        return b.build();
    }

    static Element feature(String var) {
        return Element.of("feature").withAttr("var", var);
    }

    static Element status(int code) {
        return Element.of("status").withAttr("code", Integer.toString(code));
    }

    static Element text(String name, String text) {
        return Element.builder(name).text(text).build();
    }

    static Element query(String namespace, List<Element> children) {
        Element.Builder b = Element.builder("query").xmlns(namespace);
        children.forEach(b::child);
        return b.build();
    }
}
