package xmpp.s2s.internal;

import xmpp.core.stream.StreamError;

/** Ends a stream with a stream error (RFC 6120 section 4.9). */
final class StreamFailure extends Exception {

    private final transient StreamError error;

    StreamFailure(StreamError.Condition condition, String text) {
        super(condition.elementName() + ": " + text);
        this.error = StreamError.of(condition, text);
    }

    StreamError error() {
        return error;
    }
}
