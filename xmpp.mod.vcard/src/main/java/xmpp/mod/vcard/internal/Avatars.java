package xmpp.mod.vcard.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.route.Sessions;
import xmpp.core.storage.StorageException;
import xmpp.core.storage.VCardStore;
import xmpp.core.xml.Element;

/**
 * The XEP-0153 avatar hash of each online account: the SHA-1 of its stored vCard's PHOTO,
 * {@code ""} for none. Kept while the account has sessions, so that presence does not read the
 * database; forgotten when its last session closes.
 */
@Component(service = {Avatars.class, SessionListener.class})
public final class Avatars implements SessionListener {

    private static final System.Logger log = System.getLogger(Avatars.class.getName());

    private final VCardStore store;
    private final Sessions sessions;
    private final Map<Jid, String> hashes = new ConcurrentHashMap<>();

    @Activate
    public Avatars(@Reference VCardStore store, @Reference Sessions sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    /** The account's avatar hash; empty if its vCard cannot be read now. */
    Optional<String> hashOf(Jid account) {
        String known = hashes.get(account);
        if (known != null) return Optional.of(known);
        try {
            String hash = store.get(account).map(Avatars::photoHash).orElse("");
            hashes.put(account, hash);
            return Optional.of(hash);
        } catch (StorageException e) {
            log.log(System.Logger.Level.WARNING, "the vCard of {0} cannot be read; its presence goes without an avatar hash: {1}",
                    account, e.getMessage());
            return Optional.empty();
        }
    }

    void stored(Jid account, Element vcard) {
        hashes.put(account, photoHash(vcard));
    }

    @Override
    public void closed(Session session) {
        Jid account = session.jid().bare();
        if (sessions.sessionsOf(account).isEmpty()) hashes.remove(account);
    }

    /** XEP-0153 section 3.1: the hex SHA-1 of the image's bytes; {@code ""} without an embedded image. */
    static String photoHash(Element vcard) {
        String binval = vcard.child("PHOTO").flatMap(p -> p.child("BINVAL")).map(Element::text).orElse("").replaceAll("\\s", "");
        if (binval.isEmpty()) return "";
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Base64.getDecoder().decode(binval)));
        } catch (IllegalArgumentException notBase64) {
            return "";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
