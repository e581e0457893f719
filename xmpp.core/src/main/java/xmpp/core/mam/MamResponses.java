package xmpp.core.mam;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.storage.ArchivePage;
import xmpp.core.storage.ArchiveQuery;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * What an archive answers a XEP-0313 query with, the same for a user's archive and a room's: each
 * match as a {@code <result/>} message, the {@code <fin/>} with the XEP-0059 page, the query form,
 * and the archive's metadata.
 */
public final class MamResponses {

    public static final String MAM = "urn:xmpp:mam:2";
    public static final String MAM_EXTENDED = "urn:xmpp:mam:2#extended";
    /** XEP-0359: the {@code <stanza-id/>} an archive stamps on the messages it keeps. */
    public static final String SID = "urn:xmpp:sid:0";
    public static final String RSM = "http://jabber.org/protocol/rsm";
    public static final String DATA = "jabber:x:data";
    public static final String FORWARD = "urn:xmpp:forward:0";
    public static final String DELAY = "urn:xmpp:delay";

    private MamResponses() {
    }

    /** The message, from the archive {@code owner} to {@code requester}, that carries one match of a query. */
    public static Element result(Jid owner, Jid requester, String queryId, ArchivedMessage m) {
        Element.Builder result = Element.builder("result").xmlns(MAM).attr("id", ArchiveIds.format(m.id()));
        if (!queryId.isEmpty()) result.attr("queryid", queryId);
        Element forwarded = Element.builder("forwarded").xmlns(FORWARD)
                .child(Element.builder("delay").xmlns(DELAY).attr("stamp", m.stamp().truncatedTo(ChronoUnit.MILLIS).toString()).build())
                .child(m.message().withAttr("xmlns", "jabber:client"))
                .build();
        return Element.builder("message").attr("from", owner.toString()).attr("to", requester.toString())
                .child(result.child(forwarded).build()).build();
    }

    /** The end of a query's answer: the page's first and last ids, the count, and whether it is the last page. */
    public static Element fin(ArchivePage page) {
        Element.Builder set = Element.builder("set").xmlns(RSM);
        List<ArchivedMessage> messages = page.messages();
        if (!messages.isEmpty()) {
            set.child(Element.builder("first").text(ArchiveIds.format(messages.getFirst().id())).build());
            set.child(Element.builder("last").text(ArchiveIds.format(messages.getLast().id())).build());
        }
        set.child(Element.builder("count").text(Integer.toString(page.count())).build());
        Element.Builder fin = Element.builder("fin").xmlns(MAM);
        if (page.complete()) fin.attr("complete", "true");
        return fin.child(set.build()).build();
    }

    /** XEP-0313 section 4.1.1: the fields a query may use. */
    public static Element queryForm() {
        Element.Builder form = Element.builder("x").xmlns(DATA).attr("type", "form")
                .child(Element.builder("field").attr("var", "FORM_TYPE").attr("type", "hidden")
                        .child(Element.builder("value").text(MAM).build()).build());
        for (String field : MamRequest.FIELDS) {
            String type = switch (field) {
                case "with" -> "jid-single";
                case "ids" -> "text-multi";
                default -> "text-single";
            };
            form.child(Element.builder("field").attr("var", field).attr("type", type).build());
        }
        return Element.builder("query").xmlns(MAM).child(form.build()).build();
    }

    /** XEP-0313 section 6 (required with {@link #MAM_EXTENDED}): the id and time of the archive's first and last message, none when it is empty. */
    public static Element metadata(MessageArchive store, Jid archive) throws StorageException {
        Element.Builder metadata = Element.builder("metadata").xmlns(MAM);
        Optional<ArchivedMessage> first = store.query(archive, ArchiveQuery.first(1)).messages().stream().findFirst();
        Optional<ArchivedMessage> last = store.query(archive, ArchiveQuery.first(1).before(Optional.empty(), 1)).messages().stream().findFirst();
        first.ifPresent(m -> metadata.child(edge("start", m)));
        last.ifPresent(m -> metadata.child(edge("end", m)));
        return metadata.build();
    }

    private static Element edge(String name, ArchivedMessage m) {
        return Element.builder(name).attr("id", ArchiveIds.format(m.id())).attr("timestamp", m.stamp().truncatedTo(ChronoUnit.MILLIS).toString()).build();
    }
}
