package xmpp.c2s.internal;

import xmpp.core.stream.StreamError;

/** The client broke the protocol: the stream ends with this error. */
final class StreamFailure extends Exception {

    private final StreamError error;

    StreamFailure(StreamError.Condition condition, String text) {
        super(condition.elementName() + ": " + text);
        this.error = StreamError.of(condition, text);
    }

    StreamError error() {
        return error;
    }
}
