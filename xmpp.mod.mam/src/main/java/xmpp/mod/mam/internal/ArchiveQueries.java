package xmpp.mod.mam.internal;

import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import xmpp.core.jid.Jid;
import xmpp.core.mam.MamRequest;
import xmpp.core.mam.MamResponses;
import xmpp.core.route.Disco;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.route.Router;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.ArchivePage;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * XEP-0313 requests of a user to her own archive: a query (each match sent to her as a
 * {@code <result/>} message, then the {@code <fin/>} with the XEP-0059 page), the query form,
 * the archive's metadata (its first and last message), and her preferences. Queries of one user
 * do not wait for another's: parallel discipline.
 */
@Component(configurationPid = MamConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {Disco.ACCOUNT_FEATURE + "=" + MamNamespaces.MAM_EXTENDED, Disco.ACCOUNT_FEATURE + "=" + MamNamespaces.SID})
@Designate(ocd = MamConfig.class)
@IqHandlerFor(namespace = MamNamespaces.MAM, scope = IqHandler.SCOPE_SM, discipline = IqHandler.PARALLEL)
public final class ArchiveQueries implements IqHandler {

    /** How long a query waits for messages still queued for the archive: beyond it, it answers from what is written. */
    private static final Duration WRITES_WAIT = Duration.ofSeconds(5);

    private final MessageArchive archive;
    private final ArchiveWriter writer;
    private final PreferenceBook preferences;
    private final Router router;
    private final int defaultPage;
    private final int maxPage;

    @Activate
    public ArchiveQueries(MamConfig config, @Reference MessageArchive archive, @Reference ArchiveWriter writer,
                          @Reference PreferenceBook preferences, @Reference Router router) {
        this.archive = archive;
        this.writer = writer;
        this.preferences = preferences;
        this.router = router;
        this.maxPage = Math.max(1, config.max_page());
        this.defaultPage = Math.min(maxPage, Math.max(1, config.default_page()));
    }

    @Override
    public Element handle(Iq request) throws Exception {
        Jid from = request.from().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST, "no sender"));
        Jid owner = request.to().orElse(from.bare());
        if (!owner.equals(from.bare())) throw new StanzaException(Condition.FORBIDDEN, "only the owner of an archive queries it");
        Element payload = request.payload().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST, "no payload"));
        boolean set = request.type() == Iq.Type.SET;
        return switch (payload.name()) {
            case "query" -> set ? query(request, from, owner, payload) : request.resultReply(MamResponses.queryForm());
            case "prefs" -> set ? setPreferences(request, owner, payload) : request.resultReply(preferences.of(owner).toXml(MamNamespaces.MAM));
            case "metadata" -> {
                if (set) throw new StanzaException(Condition.BAD_REQUEST, "metadata is read with a get");
                yield request.resultReply(metadata(owner));
            }
            default -> throw new StanzaException(Condition.FEATURE_NOT_IMPLEMENTED, "unknown request <" + payload.name() + "/>");
        };
    }

    private Element query(Iq request, Jid requester, Jid owner, Element payload) throws StanzaException, StorageException, InterruptedException {
        MamRequest q = MamRequest.parse(payload, defaultPage, maxPage);
        writer.awaitWritten(WRITES_WAIT);
        if (q.cursor().isPresent() && !archive.contains(owner, q.cursor().get()))
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no message " + q.cursor().get() + " in the archive");
        ArchivePage page = archive.query(owner, q.query());
        // Routed before the answer, on the same way to the same session: the client has every result when <fin/> comes.
        for (ArchivedMessage m : page.messages()) router.route(owner, requester, MamResponses.result(owner, requester, q.queryId(), m));
        return request.resultReply(MamResponses.fin(page));
    }

    private Element setPreferences(Iq request, Jid owner, Element payload) throws StanzaException, StorageException {
        Preferences prefs = Preferences.parse(payload);
        preferences.set(owner, prefs);
        return request.resultReply(prefs.toXml(MamNamespaces.MAM));
    }

    /** XEP-0313 section 6.1: the first and last message of the archive, once what is queued for it is written. */
    private Element metadata(Jid owner) throws StorageException, InterruptedException {
        writer.awaitWritten(WRITES_WAIT);
        return MamResponses.metadata(archive, owner);
    }
}
