package xmpp.mod.mam.internal;

/** The namespaces the module speaks. */
final class MamNamespaces {

    static final String MAM = "urn:xmpp:mam:2";
    static final String MAM_EXTENDED = "urn:xmpp:mam:2#extended";
    static final String SID = "urn:xmpp:sid:0";
    static final String RSM = "http://jabber.org/protocol/rsm";
    static final String DATA = "jabber:x:data";
    static final String FORWARD = "urn:xmpp:forward:0";
    static final String DELAY = "urn:xmpp:delay";
    /** Where a user's preferences are kept in private XML storage: the server's namespace, not a client's to read or write. */
    static final String PREFS_STORAGE = "urn:x-xmpp-server:mam-prefs";

    private MamNamespaces() {
    }
}
