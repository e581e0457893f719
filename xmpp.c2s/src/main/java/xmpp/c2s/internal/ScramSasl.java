package xmpp.c2s.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import xmpp.core.auth.AuthException;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;
import xmpp.core.spi.auth.Scram;
import xmpp.core.spi.auth.ScramAuthenticator;
import xmpp.core.spi.auth.ScramCredentials;
import xmpp.core.spi.auth.ScramMechanism;

/**
 * SCRAM (RFC 5802, RFC 7677) with or without channel binding ({@code -PLUS}), from the
 * stored credentials alone. An unknown user gets made-up credentials from the authenticator
 * and fails at the proof, like a wrong password, so the exchange does not tell which accounts
 * exist.
 */
final class ScramSasl implements Sasl {

    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private final ScramMechanism mechanism;
    private final boolean plus;
    private final String host;
    private final ScramAuthenticator authenticator;
    private final Map<String, byte[]> channelBindings;   // what this TLS session can bind to
    private final boolean yIsDowngrade;                   // -PLUS offered, and not refused for its binding type on this connection
    private final SecureRandom random;

    private String gs2Header;
    private byte[] bindingData;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private ScramCredentials credentials;
    private Jid account;
    private boolean known;
    private boolean refusedBindingType;

    ScramSasl(ScramMechanism mechanism, boolean plus, String host, ScramAuthenticator authenticator,
              Map<String, byte[]> channelBindings, boolean yIsDowngrade, SecureRandom random) {
        this.mechanism = mechanism;
        this.plus = plus;
        this.host = host;
        this.authenticator = authenticator;
        this.channelBindings = channelBindings;
        this.yIsDowngrade = yIsDowngrade;
        this.random = random;
    }

    /** Whether this exchange failed only because the client asked for a channel binding type this connection lacks. */
    boolean refusedBindingType() {
        return refusedBindingType;
    }

    @Override
    public Step next(byte[] response) {
        return serverFirst == null ? first(new String(response, StandardCharsets.UTF_8)) : last(new String(response, StandardCharsets.UTF_8));
    }

    private Step first(String message) {
        // gs2-header: cbind-flag "," [authzid] ","
        int comma1 = message.indexOf(',');
        int comma2 = comma1 < 0 ? -1 : message.indexOf(',', comma1 + 1);
        if (comma2 < 0) return malformed("no GS2 header");
        String flag = message.substring(0, comma1);
        String authzid = message.substring(comma1 + 1, comma2);
        gs2Header = message.substring(0, comma2 + 1);
        clientFirstBare = message.substring(comma2 + 1);
        if (plus) {
            if (!flag.startsWith("p=")) return new Failure("not-authorized", mechanism.saslName() + "-PLUS needs channel binding (p=)");
            bindingData = channelBindings.get(flag.substring(2));
            if (bindingData == null) {
                refusedBindingType = true;
                return new Failure("not-authorized", "channel binding " + flag.substring(2) + " is not available here; use one of "
                        + String.join(", ", channelBindings.keySet()));
            }
        } else if (flag.startsWith("p=")) {
            return new Failure("not-authorized", "channel binding asked for with a mechanism without -PLUS");
        } else if (flag.equals("y") && yIsDowngrade) {
            // RFC 5802 section 6: the client could bind and thinks we cannot, though we offered it: a downgrade.
            // (Not asked when the client tried -PLUS on this connection with a type we lack: it saw the offer.)
            return new Failure("not-authorized", "channel binding was offered (possible downgrade attack)");
        } else if (!flag.equals("n") && !flag.equals("y")) {
            return malformed("unknown GS2 flag " + flag);
        } else {
            bindingData = new byte[0];
        }
        Map<Character, String> attrs = attributes(clientFirstBare);
        String user = attrs.get('n');
        String clientNonce = attrs.get('r');
        if (clientFirstBare.startsWith("m=")) return malformed("mandatory extensions are not supported");
        if (user == null || clientNonce == null || clientNonce.isEmpty()) return malformed("n= and r= are required");
        user = user.replace("=2C", ",").replace("=3D", "=");
        try {
            account = Jid.of(user, host, "");
        } catch (JidFormatException e) {
            account = null;
        }
        if (!authzid.isEmpty()) {
            Optional<Jid> wanted = authzid.startsWith("a=") ? Jid.parse(authzid.substring(2).replace("=2C", ",").replace("=3D", "=")) : Optional.empty();
            if (account == null || !wanted.map(account::equals).orElse(false)) return new Failure("invalid-authzid", "you may act only as yourself");
        }
        try {
            Optional<ScramCredentials> stored = account == null ? Optional.empty()
                    : authenticator.scramCredentials(account.localpart(), host, mechanism);
            known = stored.isPresent();
            credentials = known ? stored.get() : authenticator.madeUpCredentials(user, host, mechanism);
        } catch (AuthException e) {
            System.getLogger(ScramSasl.class.getName()).log(System.Logger.Level.ERROR,
                    "cannot read SCRAM credentials of {0}: {1}; the client got temporary-auth-failure", account, e.getMessage());
            return new Failure("temporary-auth-failure", "try again later");
        }
        byte[] serverNonce = new byte[18];
        random.nextBytes(serverNonce);
        nonce = clientNonce + B64.encodeToString(serverNonce);
        serverFirst = "r=" + nonce + ",s=" + B64.encodeToString(credentials.salt()) + ",i=" + credentials.iterations();
        return new Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private Step last(String message) {
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) return malformed("no proof");
        String withoutProof = message.substring(0, proofAt);
        Map<Character, String> attrs = attributes(withoutProof);
        byte[] expectedBinding = concat(gs2Header.getBytes(StandardCharsets.UTF_8), bindingData);
        byte[] proof;
        byte[] binding;
        try {
            proof = UNB64.decode(message.substring(proofAt + 3));
            binding = UNB64.decode(attrs.getOrDefault('c', ""));
        } catch (IllegalArgumentException e) {
            return malformed("bad base64");
        }
        if (!MessageDigest.isEqual(binding, expectedBinding)) return new Failure("not-authorized", "channel binding does not match");
        if (!nonce.equals(attrs.get('r'))) return new Failure("not-authorized", "nonce does not match");
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        if (!known || !Scram.verifyClientProof(credentials, authMessage, proof)) return new Failure("not-authorized", "");
        byte[] serverFinal = ("v=" + B64.encodeToString(Scram.serverSignature(credentials, authMessage))).getBytes(StandardCharsets.UTF_8);
        return new Success(serverFinal, account);
    }

    /** {@code k=v,k=v} as RFC 5802 writes attributes; later duplicates lose. */
    private static Map<Character, String> attributes(String message) {
        Map<Character, String> attrs = new java.util.HashMap<>();
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(1) == '=') attrs.putIfAbsent(part.charAt(0), part.substring(2));
        }
        return attrs;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static Failure malformed(String why) {
        return new Failure("malformed-request", why);
    }
}
