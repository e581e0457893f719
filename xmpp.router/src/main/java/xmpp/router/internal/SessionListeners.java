package xmpp.router.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.xml.Element;

/** The whiteboard of {@link SessionListener} services; one that throws is logged and the others still run. */
@Component(service = SessionListeners.class, immediate = true)
public final class SessionListeners {

    private static final System.Logger log = System.getLogger(SessionListeners.class.getName());

    private record Registered(SessionListener listener, String owner) {
    }

    private final List<Registered> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addListener(SessionListener listener, Map<String, Object> props) {
        listeners.add(new Registered(listener, ServiceProps.owner(props)));
    }

    void removeListener(SessionListener listener) {
        listeners.removeIf(r -> r.listener() == listener);
    }

    void available(Session session, Element presence, Optional<Element> previous) {
        tell("available", session, l -> l.available(session, presence, previous));
    }

    void unavailable(Session session, Element presence) {
        tell("unavailable", session, l -> l.unavailable(session, presence));
    }

    void closed(Session session) {
        tell("closed", session, l -> l.closed(session));
    }

    private void tell(String event, Session session, Consumer<SessionListener> call) {
        for (Registered r : listeners) {
            try {
                call.accept(r.listener());
            } catch (RuntimeException | LinkageError e) {
                log.log(System.Logger.Level.ERROR, "session listener " + r.owner() + " failed on '" + event + "' of " + session.jid()
                        + "; the other listeners still run", e);
            }
        }
    }
}
