package xmpp.c2s.internal;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import xmpp.core.auth.InBandRegistration;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.spi.auth.Authenticators;
import xmpp.core.spi.metrics.ProbeSlot;
import xmpp.core.spi.route.SessionManager;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.stream.StreamFeature;

/** What a connection needs from its listener and the rest of the server. */
record Services(Settings settings, Hosts hosts, SessionManager sessions, Router router, Authenticators authenticators,
                List<StreamFeature> features, List<InBandRegistration> registrations, Certificates certificates, StreamParser parser,
                SecureRandom random, Resumptions resumptions, ProbeSlot probe) {

    /** The registration service open on {@code host}, if any. */
    Optional<InBandRegistration> registrationOn(String host) {
        return registrations.stream().filter(r -> r.openOn(host)).findFirst();
    }
}
