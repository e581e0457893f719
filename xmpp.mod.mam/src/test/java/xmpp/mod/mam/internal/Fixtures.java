package xmpp.mod.mam.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.storage.ArchivePage;
import xmpp.core.storage.ArchiveQuery;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.storage.StorageException;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** Stores in memory and configurations for the module's tests. */
final class Fixtures {

    static final Jid ROMEO = Jid.of("romeo@example.net");
    static final Jid JULIET = Jid.of("juliet@example.com");

    private Fixtures() {
    }

    static Element xml(String s) throws Exception {
        return XmlStreams.parseElement(s);
    }

    static MamConfig config(String defaultMode, long queueBytes) {
        return new MamConfig() {
            @Override public String xmpp_host() { return "*"; }
            @Override public String default_mode() { return defaultMode; }
            @Override public int retention_days() { return 0; }
            @Override public int retention_check_minutes() { return 60; }
            @Override public long queue_bytes() { return queueBytes; }
            @Override public int writer_threads() { return 2; }
            @Override public int batch_size() { return 100; }
            @Override public int max_page() { return 20; }
            @Override public int default_page() { return 5; }
            @Override public Class<? extends Annotation> annotationType() { return MamConfig.class; }
        };
    }

    /** The configuration the module ships: every key at its annotation's default. */
    static MamConfig shipped() {
        return (MamConfig) Proxy.newProxyInstance(MamConfig.class.getClassLoader(), new Class<?>[] {MamConfig.class},
                (proxy, method, args) -> method.getName().equals("annotationType") ? MamConfig.class : method.getDefaultValue());
    }

    /** An archive in a list; filters and pages as the contract (tested on the real stores) says. */
    static class ListArchive implements MessageArchive {
        final List<ArchivedMessage> messages = Collections.synchronizedList(new ArrayList<>());
        volatile boolean failing;

        @Override
        public void append(List<ArchivedMessage> batch) throws StorageException {
            if (failing) throw new StorageException("the database is down", null);
            messages.addAll(batch);
        }

        @Override
        public ArchivePage query(Jid archive, ArchiveQuery q) {
            List<ArchivedMessage> matching = snapshot().stream().filter(m -> m.archive().equals(archive.bare()))
                    .filter(m -> q.with().isEmpty() || (q.with().get().isFull() ? m.with().equals(q.with().get()) : m.with().bare().equals(q.with().get())))
                    .filter(m -> q.start().isEmpty() || !m.stamp().isBefore(q.start().get()))
                    .filter(m -> q.end().isEmpty() || !m.stamp().isAfter(q.end().get()))
                    .filter(m -> q.afterId().isEmpty() || m.id() > q.afterId().get())
                    .filter(m -> q.beforeId().isEmpty() || m.id() < q.beforeId().get())
                    .filter(m -> q.ids().isEmpty() || q.ids().contains(m.id()))
                    .sorted(Comparator.comparingLong(ArchivedMessage::id)).toList();
            List<ArchivedMessage> range = matching.stream().filter(m -> q.cursor().isEmpty()
                    || (q.backwards() ? m.id() < q.cursor().get() : m.id() > q.cursor().get())).toList();
            List<ArchivedMessage> page = q.backwards()
                    ? range.subList(Math.max(0, range.size() - q.max()), range.size())
                    : range.subList(0, Math.min(q.max(), range.size()));
            return new ArchivePage(page, range.size() <= q.max(), matching.size());
        }

        @Override
        public boolean contains(Jid archive, long id) {
            return snapshot().stream().anyMatch(m -> m.archive().equals(archive.bare()) && m.id() == id);
        }

        @Override
        public int deleteBefore(Instant cutoff) {
            int before = messages.size();
            messages.removeIf(m -> m.stamp().isBefore(cutoff));
            return before - messages.size();
        }

        @Override
        public void delete(Jid archive) {
            messages.removeIf(m -> m.archive().equals(archive.bare()));
        }

        List<ArchivedMessage> snapshot() {
            synchronized (messages) {
                return List.copyOf(messages);
            }
        }
    }

    static final class MapPrivateXml implements PrivateXmlStore {
        final java.util.Map<String, Element> stored = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Optional<Element> get(Jid owner, String namespace) {
            return Optional.ofNullable(stored.get(owner + " " + namespace));
        }

        @Override
        public void put(Jid owner, Element element) {
            stored.put(owner + " " + element.namespace(), element);
        }
    }
}
