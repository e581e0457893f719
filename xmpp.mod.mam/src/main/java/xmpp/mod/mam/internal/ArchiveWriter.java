package xmpp.mod.mam.internal;

import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.mam.BatchedArchiveWriter;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.MessageArchive;

/**
 * Writes the users' archived messages off the routing threads, in batches
 * ({@link BatchedArchiveWriter}, with this module's {@code queue.bytes}, {@code writer.threads} and {@code batch.size}):
 * one writer shared by the archiving hooks and the queries that wait for it.
 */
@Component(service = ArchiveWriter.class, configurationPid = MamConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class ArchiveWriter {

    private final BatchedArchiveWriter batches;

    @Activate
    public ArchiveWriter(MamConfig config, @Reference MessageArchive archive) {
        this.batches = new BatchedArchiveWriter(archive, config.queue_bytes(), config.batch_size(), config.writer_threads(), "xmpp-mam-writer",
                "raise queue.bytes in " + MamConfig.PID + " or look at the database's speed");
    }

    /** Hands {@code message} over for writing; returns at once unless the queue is full. */
    void write(ArchivedMessage message) {
        batches.write(message);
    }

    /** Waits until every message handed over before this call is written, at most {@code timeout}. */
    void awaitWritten(Duration timeout) throws InterruptedException {
        batches.awaitWritten(timeout);
    }

    @Deactivate
    void stop() throws InterruptedException {
        batches.close();
    }
}
