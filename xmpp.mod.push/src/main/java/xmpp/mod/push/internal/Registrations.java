package xmpp.mod.push.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * The app servers of each account, in private XML storage under the server's own namespace:
 * durable (a phone may stay away for days), gone with the account, and out of clients' reach.
 */
@Component(service = Registrations.class)
public final class Registrations {

    static final String STORAGE_NS = "urn:x-xmpp-server:push";

    private final PrivateXmlStore store;

    @Activate
    public Registrations(@Reference PrivateXmlStore store) {
        this.store = store;
    }

    List<Registration> of(Jid account) throws StorageException {
        Optional<Element> stored = store.get(account.bare(), STORAGE_NS);
        List<Registration> result = new ArrayList<>();
        if (stored.isEmpty()) return result;
        for (Element e : stored.get().elements()) Registration.fromXml(e).ifPresent(result::add);
        return result;
    }

    /** Adds or replaces (same app server and node) a registration; false when the account has {@code limit} others. */
    synchronized boolean enable(Jid account, Registration registration, int limit) throws StorageException {
        List<Registration> all = of(account);
        all.removeIf(r -> r.matches(registration.appServer(), registration.node()));
        if (all.size() >= limit) return false;
        all.add(registration);
        save(account, all);
        return true;
    }

    /** Removes the app server's registrations, of one node or (empty {@code node}) all of them. */
    synchronized void disable(Jid account, Jid appServer, String node) throws StorageException {
        List<Registration> all = of(account);
        if (all.removeIf(r -> r.matches(appServer, node))) save(account, all);
    }

    private void save(Jid account, List<Registration> registrations) throws StorageException {
        Element.Builder b = Element.builder("push").xmlns(STORAGE_NS);
        registrations.forEach(r -> b.child(r.toXml()));
        store.put(account.bare(), b.build());
    }
}
