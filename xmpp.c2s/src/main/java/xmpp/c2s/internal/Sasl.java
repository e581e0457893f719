package xmpp.c2s.internal;

import xmpp.core.jid.Jid;

/** One SASL exchange on the server side (RFC 6120 section 6): a mechanism answers each client message with a step. */
interface Sasl {

    /** What the server says next. */
    sealed interface Step {
    }

    /** {@code <challenge/>} with these bytes. */
    record Challenge(byte[] data) implements Step {
    }

    /** {@code <success/>}, maybe with additional data, for this account (a bare JID). */
    record Success(byte[] data, Jid account) implements Step {
    }

    /** {@code <failure/>} with a condition of RFC 6120 section 6.5 and a text for the log and the client. */
    record Failure(String condition, String text) implements Step {
    }

    /** The client's initial response (maybe empty) or a later response. */
    Step next(byte[] response);
}
