package xmpp.mod.mam.internal;

import xmpp.core.mam.MamResponses;

/** The namespaces the module speaks: XEP-0313's are shared with rooms' archives. */
final class MamNamespaces {

    static final String MAM = MamResponses.MAM;
    static final String MAM_EXTENDED = MamResponses.MAM_EXTENDED;
    static final String SID = MamResponses.SID;
    /** Where a user's preferences are kept in private XML storage: the server's namespace, not a client's to read or write. */
    static final String PREFS_STORAGE = "urn:x-xmpp-server:mam-prefs";

    private MamNamespaces() {
    }
}
