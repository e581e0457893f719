package xmpp.core.spi.stream;

/**
 * What one stanza may cost a server. Exceeding any of them is a {@code policy-violation}.
 *
 * @param maxStanzaBytes largest stanza, in bytes of the stream (RFC 6120 section 13.12 asks
 *        for at least 10000; the default is 256 KiB)
 * @param maxDepth deepest nesting of elements, counting the stanza itself
 * @param maxAttributes most attributes on one element, namespace declarations included
 * @param maxChildren most child elements of one element
 * @param maxElements most elements in one stanza, the stanza itself included: each costs far
 *        more heap than its bytes on the wire ({@code <a/>} is 4 bytes)
 */
public record StreamLimits(int maxStanzaBytes, int maxDepth, int maxAttributes, int maxChildren, int maxElements) {

    // Room for a large roster push or bookmark list; 65,000 <a/> in 256 KiB would be 10x the input in heap.
    private static final int DEFAULT_MAX_CHILDREN = 1024;
    private static final int DEFAULT_MAX_ELEMENTS = 4096;

    public static final StreamLimits DEFAULT = new StreamLimits(256 * 1024, 64, 64, DEFAULT_MAX_CHILDREN, DEFAULT_MAX_ELEMENTS);

    public StreamLimits {
        if (maxStanzaBytes < 10_000) throw new IllegalArgumentException("maxStanzaBytes below RFC 6120's minimum of 10000: " + maxStanzaBytes);
        if (maxDepth < 2) throw new IllegalArgumentException("maxDepth must allow a stanza with a child: " + maxDepth);
        if (maxAttributes < 8) throw new IllegalArgumentException("maxAttributes too small for a stanza: " + maxAttributes);
        if (maxChildren < 8) throw new IllegalArgumentException("maxChildren too small for a stanza: " + maxChildren);
        if (maxElements < maxChildren) throw new IllegalArgumentException("maxElements below maxChildren: " + maxElements);
    }

    /** The 1.0 form, kept for its callers: the element limits are the defaults'. */
    public StreamLimits(int maxStanzaBytes, int maxDepth, int maxAttributes) {
        this(maxStanzaBytes, maxDepth, maxAttributes, DEFAULT_MAX_CHILDREN, DEFAULT_MAX_ELEMENTS);
    }

    public StreamLimits withMaxStanzaBytes(int bytes) {
        return new StreamLimits(bytes, maxDepth, maxAttributes, maxChildren, maxElements);
    }

    public StreamLimits withMaxDepth(int depth) {
        return new StreamLimits(maxStanzaBytes, depth, maxAttributes, maxChildren, maxElements);
    }

    public StreamLimits withMaxAttributes(int attributes) {
        return new StreamLimits(maxStanzaBytes, maxDepth, attributes, maxChildren, maxElements);
    }

    public StreamLimits withMaxChildren(int children) {
        return new StreamLimits(maxStanzaBytes, maxDepth, maxAttributes, children, maxElements);
    }

    public StreamLimits withMaxElements(int elements) {
        return new StreamLimits(maxStanzaBytes, maxDepth, maxAttributes, maxChildren, elements);
    }
}
