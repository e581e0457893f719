package xmpp.core.jid;

/**
 * A string that is not a valid JID. The message names the input and the rule it breaks,
 * e.g. {@code invalid JID "a@": empty domainpart}; servers answer it with
 * {@code jid-malformed}.
 */
public final class JidFormatException extends IllegalArgumentException {

    public JidFormatException(String input, String reason) {
        super("invalid JID \"" + input + "\": " + reason);
    }

    public JidFormatException(String input, String reason, Throwable cause) {
        super("invalid JID \"" + input + "\": " + reason, cause);
    }
}
