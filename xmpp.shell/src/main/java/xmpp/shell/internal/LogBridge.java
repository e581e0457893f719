package xmpp.shell.internal;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Sends what bundles log through the OSGi Log Service (SCR, FileInstall) to java.util.logging,
 * where the server's own lines go: the console and logs/, with the levels of
 * etc/logging.properties. One line per entry; the stack trace only at FINE.
 */
@Component(immediate = true)
public final class LogBridge implements LogListener {

    private final LogReaderService reader;

    @Activate
    public LogBridge(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        Logger logger = Logger.getLogger(entry.getLoggerName() == null || entry.getLoggerName().isEmpty()
                ? entry.getBundle().getSymbolicName() : entry.getLoggerName());
        Level level = switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            default -> Level.FINEST;
        };
        if (!logger.isLoggable(level)) return;
        Throwable t = entry.getException();
        String message = entry.getMessage() + (t == null ? "" : ": " + rootCause(t));
        logger.logp(level, entry.getBundle().getSymbolicName(), "", message);
        if (t != null && logger.isLoggable(Level.FINE)) logger.log(Level.FINE, "stack trace of the above", t);
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == t ? t.toString() : t.getMessage() + " (" + root + ")";
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }
}
