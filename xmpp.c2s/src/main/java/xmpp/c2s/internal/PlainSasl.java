package xmpp.c2s.internal;

import java.nio.charset.StandardCharsets;
import xmpp.core.auth.AuthException;
import xmpp.core.auth.Authenticator;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;

/** SASL PLAIN (RFC 4616): works with every authenticator; offered only over TLS (or where plain text is allowed). */
final class PlainSasl implements Sasl {

    private final String host;
    private final Authenticator authenticator;

    PlainSasl(String host, Authenticator authenticator) {
        this.host = host;
        this.authenticator = authenticator;
    }

    @Override
    public Step next(byte[] response) {
        String[] parts = new String(response, StandardCharsets.UTF_8).split("\u0000", -1);
        if (parts.length != 3) return new Failure("malformed-request", "PLAIN is authzid NUL authcid NUL password");
        Jid account;
        try {
            account = Jid.of(parts[1], host, "");
        } catch (JidFormatException e) {
            return new Failure("not-authorized", "");
        }
        if (!parts[0].isEmpty() && !Jid.parse(parts[0]).map(account::equals).orElse(false))
            return new Failure("invalid-authzid", "you may act only as " + account);
        try {
            return authenticator.checkPassword(account.localpart(), host, parts[2])
                    ? new Success(new byte[0], account) : new Failure("not-authorized", "");
        } catch (AuthException e) {
            System.getLogger(PlainSasl.class.getName()).log(System.Logger.Level.ERROR,
                    "cannot check the password of {0}: {1}; the client got temporary-auth-failure", account, e.getMessage());
            return new Failure("temporary-auth-failure", "try again later");
        }
    }
}
