package xmpp.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.storage.RoomStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/** Persistent chat rooms, one element per room, by service domain and room name. */
@Component
public final class JdbcRoomStore implements RoomStore {

    private final Database db;

    @Activate
    public JdbcRoomStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Map<Jid, Element> rooms(String serviceDomain) throws StorageException {
        return db.read("reading the rooms of " + serviceDomain, c -> {
            Map<Jid, Element> rooms = new LinkedHashMap<>();
            try (PreparedStatement s = Database.prepare(c, "SELECT name, xml FROM xmpp_muc_rooms WHERE service = ? ORDER BY name", serviceDomain);
                 ResultSet r = s.executeQuery()) {
                while (r.next()) rooms.put(Jid.of(r.getString(1), serviceDomain, ""), Xml.parse(r.getString(2)));
            }
            return rooms;
        });
    }

    @Override
    public void put(Jid room, Element state) throws StorageException {
        String xml = state.toXml();
        db.transaction("storing room " + room.bare(), c -> {
            Database.upsert(c, "UPDATE xmpp_muc_rooms SET xml = ? WHERE service = ? AND name = ?", new Object[] {xml, room.domainpart(), room.localpart()},
                    "INSERT INTO xmpp_muc_rooms (service, name, xml) VALUES (?, ?, ?)", new Object[] {room.domainpart(), room.localpart(), xml});
            return null;
        });
    }

    @Override
    public void delete(Jid room) throws StorageException {
        db.transaction("deleting room " + room.bare(), c ->
                Database.update(c, "DELETE FROM xmpp_muc_rooms WHERE service = ? AND name = ?", room.domainpart(), room.localpart()));
    }
}
