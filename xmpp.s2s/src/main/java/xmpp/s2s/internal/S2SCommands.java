package xmpp.s2s.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The shell's {@code xmpp:s2s}, here beside what it shows; {@code bin/xmppctl xmpp:s2s} runs it too. */
@Component(service = S2SCommands.class, property = {"osgi.command.scope=xmpp", "osgi.command.function=s2s"})
public final class S2SCommands {

    private final S2SService service;

    @Activate
    public S2SCommands(@Reference S2SService service) {
        this.service = service;
    }

    @Descriptor("list server-to-server streams: id, direction, local and remote domain, authentication, TLS, age, peer address, queued stanzas")
    public String s2s() {
        List<S2SStream.Info> streams = service.streams();
        StringBuilder sb = new StringBuilder(String.format("%-5s %-4s %-24s %-24s %-14s %-8s %-9s %-22s %s%n",
                "ID", "DIR", "LOCAL", "REMOTE", "AUTH", "TLS", "AGE", "PEER", "QUEUED"));
        Instant now = Instant.now();
        for (S2SStream.Info s : streams)
            sb.append(String.format("%-5d %-4s %-24s %-24s %-14s %-8s %-9s %-22s %d%n", s.id(), s.direction(), s.local(), s.remote(), s.auth(),
                    s.tls(), age(Duration.between(s.since(), now)), s.peer(), s.queued()));
        return sb.append(streams.size()).append(streams.size() == 1 ? " stream" : " streams").toString();
    }

    @Descriptor("close a server-to-server stream: s2s close <id>")
    public String s2s(@Descriptor("close") String action, @Descriptor("stream id, as xmpp:s2s lists it") String id) {
        if (!action.equals("close")) throw new IllegalArgumentException("s2s close <id>");
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + id + "' is no stream id; xmpp:s2s lists them");
        }
        if (!service.close(n)) throw new IllegalArgumentException("no stream " + id + "; xmpp:s2s lists them");
        return "closed stream " + id + "; stanzas still waiting for it are bounced";
    }

    private static String age(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" + s % 60 + "s" : s / 3600 + "h" + s % 3600 / 60 + "m";
    }
}
