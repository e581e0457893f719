package xmpp.mod.mam.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;
import xmpp.mod.mam.internal.Preferences.Mode;

/**
 * Users' archiving preferences, kept in private XML storage under the server's own namespace
 * (so they go with the account, and no client reads or writes them as private XML), and cached:
 * every archived message asks for them on the routing thread.
 */
@Component(service = PreferenceBook.class, configurationPid = MamConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class PreferenceBook {

    private static final System.Logger log = System.getLogger(PreferenceBook.class.getName());
    private static final int CACHED_ACCOUNTS = 10_000;

    private final PrivateXmlStore store;
    private final Preferences serverDefault;
    private final Map<Jid, Preferences> cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Jid, Preferences> eldest) {
            return size() > CACHED_ACCOUNTS;
        }
    });

    @Activate
    public PreferenceBook(MamConfig config, @Reference PrivateXmlStore store) {
        this.store = store;
        this.serverDefault = Preferences.of(Mode.of(config.default_mode()).orElseGet(() -> {
            log.log(System.Logger.Level.WARNING, "{0}: default.mode={1} is not always, roster or never; archiving always",
                    MamConfig.PID, config.default_mode());
            return Mode.ALWAYS;
        }));
    }

    /** The account's preferences; the server's default when she set none, or when they cannot be read now. */
    Preferences of(Jid account) {
        Jid key = account.bare();
        Preferences cached = cache.get(key);
        if (cached != null) return cached;
        try {
            Optional<Element> stored = store.get(key, MamNamespaces.PREFS_STORAGE);
            Preferences prefs = stored.isPresent() ? Preferences.parse(stored.get()) : serverDefault;
            cache.put(key, prefs);
            return prefs;
        } catch (StorageException | StanzaException e) {
            log.log(System.Logger.Level.ERROR, "cannot read the archiving preferences of {0}; using the server''s default ({1}) for now: {2}",
                    key, serverDefault.defaultMode().attributeValue(), e.getMessage());
            return serverDefault;
        }
    }

    void set(Jid account, Preferences prefs) throws StorageException {
        Jid key = account.bare();
        store.put(key, prefs.toXml(MamNamespaces.PREFS_STORAGE));
        cache.put(key, prefs);
    }
}
