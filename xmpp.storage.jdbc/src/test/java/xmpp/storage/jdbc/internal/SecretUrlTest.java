package xmpp.storage.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xmpp.core.storage.StorageException;

/** A database URL may carry its password; operators' logs and errors must not. */
class SecretUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://127.0.0.1:1/xmpp?user=xmpp&password=hunter2&connectTimeout=1 | jdbc:postgresql://127.0.0.1:1/xmpp?user=xmpp&password=***&connectTimeout=1",
            "jdbc:postgresql://127.0.0.1:1/xmpp?sslpassword=hunter2                        | jdbc:postgresql://127.0.0.1:1/xmpp?sslpassword=***",
            "jdbc:h2:tcp://127.0.0.1:1/xmpp;USER=sa;PASSWORD=hunter2;IFEXISTS=TRUE           | jdbc:h2:tcp://127.0.0.1:1/xmpp;USER=sa;PASSWORD=***;IFEXISTS=TRUE",
            "jdbc:mysql://xmpp:hunter2@127.0.0.1:1/xmpp                                      | jdbc:mysql://xmpp:***@127.0.0.1:1/xmpp"})
    void aPasswordInTheUrlIsInNoErrorAndNoLogLineWhichStillNameTheDatabase(String url, String shown) {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            final SimpleFormatter format = new SimpleFormatter();
            @Override public void publish(LogRecord r) { logged.add(format.formatMessage(r)); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            JdbcDataSource unreachable = new JdbcDataSource();   // nothing listens on port 1
            unreachable.setURL("jdbc:h2:tcp://127.0.0.1:1/xmpp");
            try (Database db = new Database(url, unreachable, 1, 250, 4096)) {
                StorageException e = assertThrows(StorageException.class, () -> new JdbcUserStore(db).exists(StoreContractTest.ROMEO));
                assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
                assertTrue(e.getMessage().startsWith("database " + shown + ": "), e.getMessage());
            }
        } finally {
            root.removeHandler(capture);
        }
        assertFalse(logged.isEmpty(), "the failed start and the close are logged");
        for (String line : logged) assertFalse(line.contains("hunter2"), line);
        assertTrue(logged.stream().anyMatch(l -> l.contains(shown)), logged.toString());
    }
}
