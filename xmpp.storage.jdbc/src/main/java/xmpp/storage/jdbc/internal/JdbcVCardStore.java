package xmpp.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.storage.StorageException;
import xmpp.core.storage.VCardStore;
import xmpp.core.xml.Element;

/** vCards (XEP-0054), one per account. */
@Component
public final class JdbcVCardStore implements VCardStore {

    private final Database db;

    @Activate
    public JdbcVCardStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Optional<Element> get(Jid owner) throws StorageException {
        String key = owner.bare().toString();
        return db.read("reading the vCard of " + key, c -> {
            try (PreparedStatement s = Database.prepare(c, "SELECT xml FROM xmpp_vcards WHERE owner = ?", key); ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(Xml.parse(r.getString(1))) : Optional.empty();
            }
        });
    }

    @Override
    public void put(Jid owner, Element vcard) throws StorageException {
        String key = owner.bare().toString();
        db.transaction("storing the vCard of " + key, c -> {
            Database.upsert(c, "UPDATE xmpp_vcards SET xml = ? WHERE owner = ?", new Object[] {vcard.toXml(), key},
                    "INSERT INTO xmpp_vcards (owner, xml) VALUES (?, ?)", new Object[] {key, vcard.toXml()});
            return null;
        });
    }
}
