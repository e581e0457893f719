package xmpp.core.spi.auth;

/** The SCRAM hash functions the server stores credentials for (RFC 5802, RFC 7677). */
public enum ScramMechanism {
    SHA_1("SCRAM-SHA-1", "HmacSHA1", "SHA-1"),
    SHA_256("SCRAM-SHA-256", "HmacSHA256", "SHA-256");

    private final String saslName;
    private final String hmac;
    private final String digest;

    ScramMechanism(String saslName, String hmac, String digest) {
        this.saslName = saslName;
        this.hmac = hmac;
        this.digest = digest;
    }

    /** The SASL mechanism name, e.g. {@code SCRAM-SHA-256}. */
    public String saslName() {
        return saslName;
    }

    /** The JCA name of its HMAC, e.g. {@code HmacSHA256}. */
    public String hmacAlgorithm() {
        return hmac;
    }

    /** The JCA name of its hash, e.g. {@code SHA-256}. */
    public String digestAlgorithm() {
        return digest;
    }
}
