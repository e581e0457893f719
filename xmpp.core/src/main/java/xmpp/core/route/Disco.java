package xmpp.core.route;

/**
 * Service discovery (XEP-0030) as modules take part in it: service properties that any of a
 * module's services may carry. The discovery module reads them from the service registry, so a
 * feature shows while the service that offers it is registered and goes with it. An
 * {@link IqHandler}'s namespace needs none of them: it is a feature of the server (scope
 * {@code local}) or of each account (scope {@code sm}) already.
 *
 * @since 1.1
 */
public final class Disco {

    /**
     * Service property: features ({@code var}s) this service adds to the server's disco#info, e.g.
     * {@code urn:xmpp:carbons:2}; on a {@link Component}, the features of the component's own domain.
     */
    public static final String FEATURE = "xmpp.disco.feature";

    /** Service property: features this service adds to the disco#info of every account (a user's bare JID), e.g. {@code urn:xmpp:mam:2}. */
    public static final String ACCOUNT_FEATURE = "xmpp.disco.account.feature";

    /**
     * Service property of a {@link Component}: its identity in the server's disco#items and
     * disco#info, as {@code category/type/name}, e.g. {@code conference/text/Chat rooms}; the name
     * may be left out ({@code service/echo}).
     */
    public static final String IDENTITY = "xmpp.disco.identity";

    /**
     * Service property of a {@link Component}: {@code true} when it answers disco#info and
     * disco#items to its own domain itself (a multi-user chat service lists its rooms), so the
     * discovery module leaves those requests to it rather than answering with its identity alone.
     *
     * @since 1.1
     */
    public static final String SELF_ANSWERED = "xmpp.disco.self";

    private Disco() {
    }
}
