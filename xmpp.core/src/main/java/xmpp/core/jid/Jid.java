package xmpp.core.jid;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * An XMPP address, {@code [localpart@]domainpart[/resourcepart]}, per RFC 7622.
 *
 * <p>Every part is stored in its normalized form: the localpart through the PRECIS
 * UsernameCaseMapped profile (RFC 8265), the resourcepart through OpaqueString (RFC 8265),
 * the domainpart through IDNA with the trailing dot removed. Two JIDs are equal exactly when
 * their normalized forms are, so {@code Juliet@Example.COM} equals {@code juliet@example.com}
 * but resources keep their case. Absent parts are {@code ""}, never {@code null}.
 *
 * <p>Parsing is on the hot path (every stanza carries two addresses), so results are kept in
 * a small cache.
 */
public final class Jid implements Comparable<Jid> {

    /** RFC 7622 section 3.1: no part may be longer than this, in UTF-8 bytes. */
    public static final int MAX_PART_BYTES = 1023;

    private final String local;
    private final String domain;
    private final String resource;
    private final String string;
    // Made on first use and kept: routing, the session table and several hooks each ask a
    // stanza's addresses for their bare form. A racy write is harmless: any thread sees a whole
    // Jid (its fields are final), at worst one made twice.
    private Jid bare;

    private Jid(String local, String domain, String resource) {
        this.local = local;
        this.domain = domain;
        this.resource = resource;
        StringBuilder sb = new StringBuilder(local.length() + domain.length() + resource.length() + 2);
        if (!local.isEmpty()) sb.append(local).append('@');
        sb.append(domain);
        if (!resource.isEmpty()) sb.append('/').append(resource);
        this.string = sb.toString();
    }

    /**
     * Parses and normalizes {@code jid}.
     *
     * @throws JidFormatException naming the part that is wrong
     */
    public static Jid of(String jid) {
        Objects.requireNonNull(jid, "jid");
        return JidCache.INSTANCE.get(jid);
    }

    /** Like {@link #of(String)}, but empty for an invalid JID instead of throwing. */
    public static Optional<Jid> parse(String jid) {
        try {
            return Optional.of(of(jid));
        } catch (JidFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A JID from its parts, each normalized. {@code local} and {@code resource} may be empty.
     *
     * @throws JidFormatException naming the part that is wrong
     */
    public static Jid of(String local, String domain, String resource) {
        String input = (local.isEmpty() ? "" : local + "@") + domain + (resource.isEmpty() ? "" : "/" + resource);
        return new Jid(local.isEmpty() ? "" : normalizeLocal(input, local),
                normalizeDomain(input, domain),
                resource.isEmpty() ? "" : normalizeResource(input, resource));
    }

    /** The JID of a server or service: a domainpart alone. */
    public static Jid ofDomain(String domain) {
        return of("", domain, "");
    }

    /** Parsing without the cache: RFC 7622 section 3.1's split, then each part's profile. */
    static Jid parseUncached(String input) {
        int slash = input.indexOf('/');
        String beforeResource = slash < 0 ? input : input.substring(0, slash);
        if (slash >= 0 && slash == input.length() - 1) throw new JidFormatException(input, "empty resourcepart after '/'");
        int at = beforeResource.indexOf('@');
        if (at == 0) throw new JidFormatException(input, "empty localpart before '@'");
        String local = at < 0 ? "" : beforeResource.substring(0, at);
        String domain = at < 0 ? beforeResource : beforeResource.substring(at + 1);
        String resource = slash < 0 ? "" : input.substring(slash + 1);
        return new Jid(local.isEmpty() ? "" : normalizeLocal(input, local),
                normalizeDomain(input, domain),
                resource.isEmpty() ? "" : normalizeResource(input, resource));
    }

    private static String normalizeLocal(String input, String local) {
        String normalized;
        try {
            normalized = PrecisProfiles.USERNAME_CASE_MAPPED.enforce(local);
        } catch (IllegalArgumentException e) {
            throw new JidFormatException(input, "localpart not allowed by PRECIS UsernameCaseMapped: " + e.getMessage(), e);
        }
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if ("\"&'/:<>@".indexOf(c) >= 0)    // RFC 7622 section 3.3.1
                throw new JidFormatException(input, "localpart contains '" + c + "'");
        }
        return checkLength(input, "localpart", normalized);
    }

    private static String normalizeResource(String input, String resource) {
        try {
            return checkLength(input, "resourcepart", PrecisProfiles.OPAQUE_STRING.enforce(resource));
        } catch (JidFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JidFormatException(input, "resourcepart not allowed by PRECIS OpaqueString: " + e.getMessage(), e);
        }
    }

    private static String normalizeDomain(String input, String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;   // RFC 7622 3.2
        if (d.isEmpty()) throw new JidFormatException(input, "empty domainpart");
        if (d.startsWith("[")) return checkLength(input, "domainpart", ipv6Literal(input, d));
        String normalized;
        try {
            normalized = PrecisProfiles.IDN.enforce(d);
        } catch (IllegalArgumentException e) {
            throw new JidFormatException(input, "domainpart is not a valid domain name: " + e.getMessage(), e);
        }
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (c <= ' ' || "@/\\:<>\"'&[]".indexOf(c) >= 0 || Character.isWhitespace(c))
                throw new JidFormatException(input, "domainpart contains '" + c + "'");
        }
        if (normalized.startsWith(".") || normalized.contains(".."))
            throw new JidFormatException(input, "domainpart has an empty label");
        return checkLength(input, "domainpart", normalized);
    }

    private static String ipv6Literal(String input, String d) {
        if (!d.endsWith("]") || d.length() < 4) throw new JidFormatException(input, "unclosed IPv6 literal in domainpart");
        String inner = d.substring(1, d.length() - 1);
        for (int i = 0; i < inner.length(); i++) {
            char c = Character.toLowerCase(inner.charAt(i));
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '.'))
                throw new JidFormatException(input, "IPv6 literal contains '" + inner.charAt(i) + "'");
        }
        if (!inner.contains(":")) throw new JidFormatException(input, "IPv6 literal without ':'");
        return "[" + inner.toLowerCase(java.util.Locale.ROOT) + "]";
    }

    private static String checkLength(String input, String part, String value) {
        if (value.isEmpty()) throw new JidFormatException(input, "empty " + part);
        if (value.length() > MAX_PART_BYTES / 3 && value.getBytes(StandardCharsets.UTF_8).length > MAX_PART_BYTES)
            throw new JidFormatException(input, part + " is longer than " + MAX_PART_BYTES + " bytes");
        return value;
    }

    /** The localpart, or {@code ""}. */
    public String localpart() {
        return local;
    }

    public String domainpart() {
        return domain;
    }

    /** The resourcepart, or {@code ""}. */
    public String resourcepart() {
        return resource;
    }

    /** True when there is no resourcepart: {@code user@host} or {@code host}. */
    public boolean isBare() {
        return resource.isEmpty();
    }

    /** True when there is a resourcepart. */
    public boolean isFull() {
        return !resource.isEmpty();
    }

    /** True for a server or service address: a domainpart alone. */
    public boolean isDomain() {
        return local.isEmpty() && resource.isEmpty();
    }

    /** This JID without its resourcepart. */
    public Jid bare() {
        if (resource.isEmpty()) return this;
        Jid made = bare;
        if (made == null) bare = made = new Jid(local, domain, "");
        return made;
    }

    /** The domainpart alone, as a JID. */
    public Jid domain() {
        return isDomain() ? this : new Jid("", domain, "");
    }

    /** This JID's bare form with {@code resource}, normalized; {@code ""} gives the bare JID. */
    public Jid withResource(String resource) {
        if (resource.isEmpty()) return bare();
        return new Jid(local, domain, normalizeResource(string, resource));
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Jid other && string.equals(other.string);
    }

    @Override
    public int hashCode() {
        return string.hashCode();
    }

    @Override
    public int compareTo(Jid o) {
        return string.compareTo(o.string);
    }

    /** The normalized form, {@code local@domain/resource}. */
    @Override
    public String toString() {
        return string;
    }
}
