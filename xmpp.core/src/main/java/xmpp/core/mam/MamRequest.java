package xmpp.core.mam;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.ArchiveQuery;
import xmpp.core.xml.Element;

/**
 * A XEP-0313 {@code <query/>} read into an archive query: the form's fields (section 4.1, and the
 * extended {@code before-id}, {@code after-id}, {@code ids}) and the XEP-0059 page. A user's
 * archive and a room's read their queries alike.
 *
 * @param queryId the client's {@code queryid}, to be echoed in each result (empty if none)
 * @param query the archive query: the form's filters and the page
 * @param cursor the RSM {@code <after/>} or {@code <before/>} id, which must name a message of the archive
 */
public record MamRequest(String queryId, ArchiveQuery query, Optional<Long> cursor) {

    /** The fields of the query form (section 4.1.1), besides {@code FORM_TYPE}. */
    public static final List<String> FIELDS = List.of("with", "start", "end", "before-id", "after-id", "ids");

    /** An id no archive gives: what an unreadable id among {@code ids} becomes, so that it matches nothing. */
    private static final long NO_SUCH_ID = 0;

    /**
     * Reads {@code query}: a page is {@code defaultPage} messages unless the client asks for fewer
     * or more, and never more than {@code maxPage}.
     *
     * @throws StanzaException the error to answer with: bad-request for an unreadable form, item-not-found for an id no archive has
     */
    public static MamRequest parse(Element query, int defaultPage, int maxPage) throws StanzaException {
        ArchiveQuery q = ArchiveQuery.first(defaultPage);
        Optional<Element> form = query.child("x", MamResponses.DATA);
        if (form.isPresent()) q = withFields(q, form.get());
        Optional<Element> set = query.child("set", MamResponses.RSM);
        if (set.isEmpty()) return new MamRequest(query.attr("queryid"), q, Optional.empty());
        if (set.get().child("index").isPresent())
            throw new StanzaException(Condition.FEATURE_NOT_IMPLEMENTED, "paging by index is not supported; use after or before");
        Optional<Element> maxElement = set.get().child("max");
        int max = Math.min(maxPage, maxElement.isPresent() ? number(maxElement.get().text()) : defaultPage);
        Optional<Element> before = set.get().child("before");
        Optional<Element> after = before.isPresent() ? Optional.empty() : set.get().child("after");
        Element cursorElement = before.or(() -> after).orElse(null);
        // <before/> without an id asks for the last page.
        Optional<Long> cursor = cursorElement == null || cursorElement.text().isBlank() ? Optional.empty() : Optional.of(id(cursorElement.text()));
        q = before.isPresent() ? q.before(cursor, max) : q.after(cursor, max);
        return new MamRequest(query.attr("queryid"), q, cursor);
    }

    private static ArchiveQuery withFields(ArchiveQuery q, Element form) throws StanzaException {
        for (Element field : form.elements()) {
            if (!field.name().equals("field")) continue;
            String var = field.attr("var");
            List<String> values = field.elements().stream().filter(v -> v.name().equals("value")).map(v -> v.text().strip()).toList();
            String value = values.isEmpty() ? "" : values.getFirst();
            switch (var) {
                case "FORM_TYPE" -> {
                    if (!value.equals(MamResponses.MAM))
                        throw new StanzaException(Condition.BAD_REQUEST, "FORM_TYPE must be " + MamResponses.MAM);
                }
                case "with" -> {
                    Optional<Jid> with = Jid.parse(value);
                    if (with.isEmpty()) throw new StanzaException(Condition.BAD_REQUEST, "with is not a JID: " + value);
                    q = q.withWith(with.get());
                }
                case "start" -> q = q.withRange(Optional.of(instant(var, value)), q.end());
                case "end" -> q = q.withRange(q.start(), Optional.of(instant(var, value)));
                case "after-id" -> q = q.withIdRange(Optional.of(id(value)), q.beforeId());
                case "before-id" -> q = q.withIdRange(q.afterId(), Optional.of(id(value)));
                case "ids" -> {
                    List<Long> ids = new ArrayList<>();
                    for (String v : values) ids.add(ArchiveIds.parse(v).orElse(NO_SUCH_ID));
                    q = q.withIds(ids);
                }
                default -> throw new StanzaException(Condition.BAD_REQUEST, "unknown field " + var);
            }
        }
        return q;
    }

    private static Instant instant(String var, String value) throws StanzaException {
        try {
            return OffsetDateTime.parse(value).toInstant();   // XEP-0082 date and time, with its zone
        } catch (DateTimeParseException e) {
            throw new StanzaException(Condition.BAD_REQUEST, var + " is not a XEP-0082 date and time: " + value);
        }
    }

    /** XEP-0313 section 4.2: an id the archive cannot hold is item-not-found. */
    private static long id(String value) throws StanzaException {
        Optional<Long> id = ArchiveIds.parse(value);
        if (id.isEmpty()) throw new StanzaException(Condition.ITEM_NOT_FOUND, "no message " + value + " in the archive");
        return id.get();
    }

    private static int number(String value) throws StanzaException {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // the same answer as for a negative number
        }
        throw new StanzaException(Condition.BAD_REQUEST, "max must be a number of messages: " + value);
    }
}
