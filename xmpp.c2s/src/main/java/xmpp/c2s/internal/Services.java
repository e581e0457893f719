package xmpp.c2s.internal;

import java.security.SecureRandom;
import java.util.List;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.spi.auth.Authenticators;
import xmpp.core.spi.route.SessionManager;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.stream.StreamFeature;

/** What a connection needs from its listener and the rest of the server. */
record Services(Settings settings, Hosts hosts, SessionManager sessions, Router router, Authenticators authenticators,
                List<StreamFeature> features, Certificates certificates, StreamParser parser, SecureRandom random) {
}
