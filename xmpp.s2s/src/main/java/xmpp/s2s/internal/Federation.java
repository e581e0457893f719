package xmpp.s2s.internal;

import java.security.SecureRandom;
import java.util.concurrent.ScheduledExecutorService;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.spi.stream.StreamParser;

/** What the streams of one S2S service share. */
record Federation(Settings settings, Hosts hosts, Router router, Bounces bounces, Dialer dialer, Tls tls, PeerVerifier verifier,
                  DialbackKeys keys, StreamParser parser, ScheduledExecutorService deadlines, SecureRandom random) {

    String newStreamId() {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return java.util.HexFormat.of().formatHex(id);
    }
}
