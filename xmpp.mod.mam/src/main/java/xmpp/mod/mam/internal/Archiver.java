package xmpp.mod.mam.internal;

import java.time.Clock;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.mam.ArchiveIds;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Decides whether a message goes into an account's archive, gives it its id and hands it to the
 * writer. What it returns carries the id as a XEP-0359 {@code <stanza-id by='account'/>}.
 */
@Component(service = Archiver.class)
public final class Archiver {

    private static final System.Logger log = System.getLogger(Archiver.class.getName());

    private final ArchiveWriter writer;
    private final PreferenceBook preferences;
    private final RosterStore rosters;
    private final ArchiveIds ids = new ArchiveIds();
    private final Clock clock;

    @Activate
    public Archiver(@Reference ArchiveWriter writer, @Reference PreferenceBook preferences, @Reference RosterStore rosters) {
        this(writer, preferences, rosters, Clock.systemUTC());
    }

    Archiver(ArchiveWriter writer, PreferenceBook preferences, RosterStore rosters, Clock clock) {
        this.writer = writer;
        this.preferences = preferences;
        this.rosters = rosters;
        this.clock = clock;
    }

    /**
     * Archives {@code message} for {@code account} if her preferences keep messages with {@code with}.
     *
     * @return the message stamped with its stanza id, or {@code message} itself when it is not archived
     */
    Element archive(Jid account, Jid with, Element message) {
        if (!preferences.of(account).archives(with, contact -> inRoster(account, contact))) return message;
        var now = clock.instant();
        long id = ids.next(now);
        Element stamped = withStanzaId(message, account.bare(), id);
        writer.write(new ArchivedMessage(account, id, now, with, stamped));
        return stamped;
    }

    /** Whether the message carries this account's stanza id: it was archived for her already. */
    static boolean archivedFor(Jid account, Element message) {
        String by = account.bare().toString();
        return message.elements().stream().anyMatch(e -> isStanzaId(e) && e.attr("by").equals(by));
    }

    /**
     * The message without stanza ids that claim to come from {@code account}'s archive: a
     * client could otherwise keep its message out of the recipient's archive, or forge an id in
     * it (XEP-0359 section 4).
     */
    static Element withoutForgedIds(Element message, Jid account) {
        if (message.elements().stream().noneMatch(Archiver::isStanzaId)) return message;
        String by = account.bare().toString();
        return message.withChildren(message.children().stream()
                .filter(n -> !(n instanceof Element e && isStanzaId(e) && e.attr("by").equals(by))).toList());
    }

    private static boolean isStanzaId(Element e) {
        return e.name().equals("stanza-id") && e.namespace().equals(MamNamespaces.SID);
    }

    private static Element withStanzaId(Element message, Jid account, long id) {
        Element cleaned = withoutForgedIds(message, account);
        return cleaned.withChild(Element.builder("stanza-id").xmlns(MamNamespaces.SID)
                .attr("id", ArchiveIds.format(id)).attr("by", account.toString()).build());
    }

    private boolean inRoster(Jid account, Jid contact) {
        try {
            Optional<?> item = rosters.item(account.bare(), contact);
            return item.isPresent();
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "cannot read the roster of {0} to apply its roster archiving preference; "
                    + "a message with {1} is archived: {2}", account.bare(), contact, e.getMessage());
            return true;   // keeping one message too many loses nothing
        }
    }
}
