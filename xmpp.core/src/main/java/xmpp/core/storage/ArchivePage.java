package xmpp.core.storage;

import java.util.List;

/**
 * A page of an archive query: its messages, oldest first; whether it is the last page in the
 * direction of paging ({@code complete}: nothing after it going forwards, nothing before it going
 * backwards); and how many messages match the query in all, whatever the page.
 *
 * @since 1.1
 */
public record ArchivePage(List<ArchivedMessage> messages, boolean complete, int count) {

    public ArchivePage {
        messages = List.copyOf(messages);
    }
}
