package xmpp.c2s.internal;

import java.io.IOException;
import xmpp.core.stream.StreamError;

/**
 * A framed carrier (WebSocket, BOSH) received something that is no whole element, or too large
 * a one: the stream ends with this error, as it would for the same bytes over TCP. An
 * IOException, because it surfaces where the stream's bytes are read.
 */
final class FramingError extends IOException {

    private final transient StreamError error;

    FramingError(StreamError error) {
        super(error.condition().elementName() + ": " + error.text());
        this.error = error;
    }

    StreamError error() {
        return error;
    }
}
