package xmpp.mod.mam.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.StorageException;

/** The expiry job: every {@code retention.check.minutes}, messages older than {@code retention.days} leave every archive. */
@Component(service = Retention.class, immediate = true, configurationPid = MamConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class Retention {

    private static final System.Logger log = System.getLogger(Retention.class.getName());

    private final MessageArchive archive;
    private final Duration keep;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    @Activate
    public Retention(MamConfig config, @Reference MessageArchive archive) {
        this(archive, Duration.ofDays(Math.max(0, config.retention_days())), Clock.systemUTC());
        if (keep.isZero()) return;
        long every = Math.max(1, config.retention_check_minutes());
        timer.scheduleWithFixedDelay(this::expire, 1, every, TimeUnit.MINUTES);
    }

    Retention(MessageArchive archive, Duration keep, Clock clock) {
        this.archive = archive;
        this.keep = keep;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("xmpp-mam-retention").daemon().factory());
    }

    /** One run of the job; returns how many messages left. */
    int expire() {
        if (keep.isZero()) return 0;
        try {
            int deleted = archive.deleteBefore(clock.instant().minus(keep));
            if (deleted > 0) log.log(System.Logger.Level.INFO, "archive retention: {0} messages older than {1} days deleted", deleted, keep.toDays());
            return deleted;
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "archive retention could not delete old messages; the next run tries again: {0}", e.getMessage());
            return 0;
        }
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }
}
