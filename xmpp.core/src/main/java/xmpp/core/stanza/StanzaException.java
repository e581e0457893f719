package xmpp.core.stanza;

import java.util.Objects;

/**
 * A stanza that cannot be processed, and the error to answer it with. An
 * {@code IqHandler} may throw it to reply with a specific error.
 */
public final class StanzaException extends Exception {

    private final StanzaError error;

    public StanzaException(StanzaError error) {
        super(error.condition().elementName() + (error.text().isEmpty() ? "" : ": " + error.text()));
        this.error = Objects.requireNonNull(error, "error");
    }

    public StanzaException(StanzaError.Condition condition, String text) {
        this(StanzaError.of(condition, text));
    }

    public StanzaError error() {
        return error;
    }
}
