package xmpp.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/** Private XML (XEP-0049), one element per owner and namespace. */
@Component
public final class JdbcPrivateXmlStore implements PrivateXmlStore {

    private final Database db;

    @Activate
    public JdbcPrivateXmlStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Optional<Element> get(Jid owner, String namespace) throws StorageException {
        String key = owner.bare().toString();
        return db.read("reading private XML of " + key, c -> {
            try (PreparedStatement s = Database.prepare(c, "SELECT xml FROM xmpp_private WHERE owner = ? AND namespace = ?", key, namespace);
                 ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(Xml.parse(r.getString(1))) : Optional.empty();
            }
        });
    }

    @Override
    public void put(Jid owner, Element element) throws StorageException {
        String key = owner.bare().toString();
        String namespace = element.namespace();
        if (namespace.isEmpty()) throw new IllegalArgumentException("private XML needs a namespace: " + element);
        db.transaction("storing private XML of " + key, c -> {
            Database.upsert(c, "UPDATE xmpp_private SET xml = ? WHERE owner = ? AND namespace = ?", new Object[] {element.toXml(), key, namespace},
                    "INSERT INTO xmpp_private (owner, namespace, xml) VALUES (?, ?, ?)", new Object[] {key, namespace, element.toXml()});
            return null;
        });
    }
}
