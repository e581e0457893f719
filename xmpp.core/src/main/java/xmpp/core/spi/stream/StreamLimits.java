package xmpp.core.spi.stream;

/**
 * What one stanza may cost a server. Exceeding any of them is a {@code policy-violation}.
 *
 * @param maxStanzaBytes largest stanza, in bytes of the stream (RFC 6120 section 13.12 asks
 *        for at least 10000; the default is 256 KiB)
 * @param maxDepth deepest nesting of elements, counting the stanza itself
 * @param maxAttributes most attributes on one element, namespace declarations included
 */
public record StreamLimits(int maxStanzaBytes, int maxDepth, int maxAttributes) {

    public static final StreamLimits DEFAULT = new StreamLimits(256 * 1024, 64, 64);

    public StreamLimits {
        if (maxStanzaBytes < 10_000) throw new IllegalArgumentException("maxStanzaBytes below RFC 6120's minimum of 10000: " + maxStanzaBytes);
        if (maxDepth < 2) throw new IllegalArgumentException("maxDepth must allow a stanza with a child: " + maxDepth);
        if (maxAttributes < 8) throw new IllegalArgumentException("maxAttributes too small for a stanza: " + maxAttributes);
    }

    public StreamLimits withMaxStanzaBytes(int bytes) {
        return new StreamLimits(bytes, maxDepth, maxAttributes);
    }

    public StreamLimits withMaxDepth(int depth) {
        return new StreamLimits(maxStanzaBytes, depth, maxAttributes);
    }

    public StreamLimits withMaxAttributes(int attributes) {
        return new StreamLimits(maxStanzaBytes, maxDepth, attributes);
    }
}
