package xmpp.s2s.internal;

import java.io.IOException;
import xmpp.core.stream.XmlParseException;
import xmpp.core.xml.Element;

/**
 * The receiving server's half of XEP-0220 (section 2.3): asks the originating domain's
 * authoritative server, over a stream of its own, whether a key it was given is its.
 */
final class DialbackVerifier {

    private static final System.Logger log = System.getLogger(DialbackVerifier.class.getName());

    private final Dialer dialer;

    DialbackVerifier(Dialer dialer) {
        this.dialer = dialer;
    }

    /** Whether {@code originating}'s server made {@code key} for our stream {@code streamId}; false when it cannot be asked. */
    boolean verify(String receiving, String originating, String streamId, String key) {
        Dialer.Dialed dialed;
        try {
            dialed = dialer.dial(receiving, originating);
        } catch (Dialer.Unreachable e) {
            log.log(System.Logger.Level.WARNING, "cannot verify the dialback key of {0}: its server cannot be reached ({1}); refused", originating,
                    e.getMessage());
            return false;
        }
        try (Wire wire = dialed.wire()) {
            wire.write(Namespaces.dialback("verify").attr("from", receiving).attr("to", originating)
                    .attr("id", streamId).text(key).build());
            for (Element e = wire.next(); e != null; e = wire.next()) {
                if (e.name().equals("verify") && e.namespace().equals(Namespaces.DIALBACK) && e.attr("id").equals(streamId)) {
                    wire.end(null);
                    return e.attr("type").equals("valid");
                }
            }
            log.log(System.Logger.Level.WARNING, "{0}''s server closed the stream without answering our db:verify; its key is refused", originating);
        } catch (IOException | XmlParseException e) {
            log.log(System.Logger.Level.WARNING, "cannot verify the dialback key of {0}: {1}; refused", originating, e.getMessage());
        }
        return false;
    }
}
