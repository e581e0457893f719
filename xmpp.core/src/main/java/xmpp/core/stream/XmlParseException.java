package xmpp.core.stream;

import java.util.Objects;

/**
 * Input that is not acceptable XML for XMPP: the message says what is wrong and where
 * ({@code line 1, column 12: undeclared entity "foo"}), and {@link #condition()} is the stream
 * error a server answers it with.
 */
public final class XmlParseException extends Exception {

    private final StreamError.Condition condition;

    public XmlParseException(StreamError.Condition condition, String message) {
        super(message);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public XmlParseException(StreamError.Condition condition, String message, Throwable cause) {
        super(message, cause);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public StreamError.Condition condition() {
        return condition;
    }

    /** The stream error to send for this input: the condition, with the message as text. */
    public StreamError toStreamError() {
        return StreamError.of(condition, getMessage());
    }
}
