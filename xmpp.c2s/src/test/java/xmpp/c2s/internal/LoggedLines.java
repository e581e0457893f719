package xmpp.c2s.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The lines a class logs while a test runs, formatted as an operator reads them. */
final class LoggedLines implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { lines.add(new SimpleFormatter().formatMessage(r)); }
        @Override public void flush() { }
        @Override public void close() { }
    };

    private LoggedLines(Logger logger) {
        this.logger = logger;
        logger.addHandler(capture);
    }

    static LoggedLines of(Class<?> source) {
        return new LoggedLines(Logger.getLogger(source.getName()));
    }

    List<String> matching(Predicate<String> which) {
        return lines.stream().filter(which).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(capture);
    }
}
