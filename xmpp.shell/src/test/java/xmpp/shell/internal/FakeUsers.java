package xmpp.shell.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import xmpp.core.jid.Jid;
import xmpp.core.spi.auth.ScramCredentials;
import xmpp.core.spi.auth.ScramMechanism;
import xmpp.core.spi.storage.UserStore;

/** Accounts in memory, with their passwords in the clear, so tests can see what was set. */
final class FakeUsers implements UserStore {

    final Map<Jid, String> passwords = new ConcurrentHashMap<>();

    @Override public boolean create(Jid account, String password) { return passwords.putIfAbsent(account, password) == null; }
    @Override public boolean delete(Jid account) { return passwords.remove(account) != null; }
    @Override public boolean exists(Jid account) { return passwords.containsKey(account); }
    @Override public boolean setPassword(Jid account, String password) { return passwords.replace(account, password) != null; }
    @Override public Optional<ScramCredentials> credentials(Jid account, ScramMechanism mechanism) { return Optional.empty(); }
    @Override public List<String> list(String host, int offset, int limit) {
        return passwords.keySet().stream().filter(j -> j.domainpart().equals(host)).map(Jid::toString).sorted().toList();
    }
    @Override public long count(String host) { return list(host, 0, Integer.MAX_VALUE).size(); }
    @Override public int scramIterations() { return ScramCredentials.DEFAULT_ITERATIONS; }
    @Override public ScramCredentials madeUpCredentials(String name, ScramMechanism mechanism) {
        return ScramCredentials.derive(mechanism, name, name.getBytes(java.nio.charset.StandardCharsets.UTF_8), scramIterations());
    }
}
