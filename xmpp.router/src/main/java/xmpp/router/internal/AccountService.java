package xmpp.router.internal;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import xmpp.core.auth.AccountListener;
import xmpp.core.auth.Accounts;
import xmpp.core.auth.AuthException;
import xmpp.core.auth.Authenticator;
import xmpp.core.jid.Jid;
import xmpp.core.spi.auth.AccountDirectory;
import xmpp.core.spi.auth.Authenticators;

/**
 * {@link Accounts} for modules: each call goes to the authenticator that serves the account's host;
 * a deletion is then told to the {@link AccountListener}s.
 */
@Component
public final class AccountService implements Accounts {

    private static final System.Logger log = System.getLogger(AccountService.class.getName());

    private final Authenticators authenticators = new Authenticators();
    private final List<AccountListener> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addAuthenticator(Authenticator authenticator, Map<String, Object> props) {
        authenticators.add(authenticator, props);
    }

    public void removeAuthenticator(Authenticator authenticator) {
        authenticators.remove(authenticator);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addAccountListener(AccountListener listener) {
        listeners.add(listener);
    }

    public void removeAccountListener(AccountListener listener) {
        listeners.remove(listener);
    }

    @Override
    public boolean exists(Jid account) throws AuthException {
        return serving(account).userExists(account.localpart(), account.domainpart());
    }

    @Override
    public boolean checkPassword(Jid account, String password) throws AuthException {
        return serving(account).checkPassword(account.localpart(), account.domainpart(), password);
    }

    @Override
    public boolean create(Jid account, String password) throws AuthException {
        return serving(account).tryRegister(account.localpart(), account.domainpart(), password);
    }

    @Override
    public boolean setPassword(Jid account, String password) throws AuthException {
        return serving(account).setPassword(account.localpart(), account.domainpart(), password);
    }

    @Override
    public boolean delete(Jid account) throws AuthException {
        if (!serving(account).removeUser(account.localpart(), account.domainpart())) return false;
        for (AccountListener listener : listeners) {
            try {
                listener.deleted(account);
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "{0} failed on the deletion of {1}: {2}; what it keeps for the account stays",
                        listener.getClass().getName(), account, e.toString());
            }
        }
        return true;
    }

    @Override
    public OptionalLong count(String host) throws AuthException {
        return serving(host) instanceof AccountDirectory directory ? OptionalLong.of(directory.count(host)) : OptionalLong.empty();
    }

    @Override
    public List<String> list(String host, int offset, int limit) throws AuthException {
        return serving(host) instanceof AccountDirectory directory ? directory.list(host, offset, limit) : List.of();
    }

    private Authenticator serving(Jid account) throws AuthException {
        if (account.localpart().isEmpty() || account.isFull())
            throw new AuthException("an account is a bare JID with a user part, not " + account);
        return serving(account.domainpart());
    }

    private Authenticator serving(String host) throws AuthException {
        return authenticators.forHost(host).orElseThrow(
                () -> new AuthException("no authenticator serves " + host + ": start the storage or an authentication module"));
    }
}
