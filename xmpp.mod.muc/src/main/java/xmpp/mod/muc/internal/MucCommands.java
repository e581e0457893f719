package xmpp.mod.muc.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import xmpp.core.jid.Jid;

/** The shell's {@code xmpp:muc}: the rooms with their occupant counts, and destroying one. */
@Component(service = MucCommands.class, property = {"osgi.command.scope=xmpp", "osgi.command.function=muc"})
public final class MucCommands {

    private final List<MucModule> modules = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addModule(MucModule module) {
        modules.add(module);
    }

    void removeModule(MucModule module) {
        modules.remove(module);
    }

    /** Every room: address and occupants. */
    public String muc() {
        StringBuilder sb = new StringBuilder(String.format("%-50s %s%n", "ROOM", "OCCUPANTS"));
        int rooms = 0;
        for (MucModule module : modules)
            for (MucService service : module.services().values())
                for (Map.Entry<String, Integer> room : service.occupancy().entrySet()) {
                    sb.append(String.format("%-50s %d%n", room.getKey(), room.getValue()));
                    rooms++;
                }
        return sb.append(rooms).append(rooms == 1 ? " room" : " rooms").toString();
    }

    /** {@code muc destroy <room JID> [reason…]}: the occupants leave with the reason, the room goes. */
    public String muc(String action, String room, String... reason) {
        if (!action.equals("destroy")) throw new IllegalArgumentException("xmpp:muc | xmpp:muc destroy <room@service> [reason]");
        Jid jid = Jid.of(room);
        for (MucModule module : modules) {
            MucService service = module.services().get(jid.domainpart());
            if (service != null && service.destroy(jid.localpart(), String.join(" ", reason)))
                return "destroyed " + jid.bare();
        }
        throw new IllegalArgumentException("no room " + jid.bare() + ": xmpp:muc lists them");
    }
}
