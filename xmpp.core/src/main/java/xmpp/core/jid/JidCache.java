package xmpp.core.jid;

/**
 * A fixed-size, lock-free memo of {@link Jid#parseUncached}: each string hashes to one slot,
 * and a new string simply takes the slot over. Parsing is a pure function, so this shared
 * state is invisible to callers; it only saves the PRECIS work for the addresses a server
 * sees again and again. Invalid input is not cached (its exception is rethrown each time).
 */
final class JidCache {

    static final JidCache INSTANCE = new JidCache(4096);

    private record Entry(String input, Jid jid) {
    }

    private final Entry[] slots;   // racy reads and writes are safe: Entry is immutable, its fields final

    JidCache(int size) {
        if (Integer.bitCount(size) != 1) throw new IllegalArgumentException("size must be a power of two");
        slots = new Entry[size];
    }

    Jid get(String input) {
        int h = input.hashCode();
        int slot = (h ^ h >>> 16) & (slots.length - 1);
        Entry e = slots[slot];
        if (e != null && e.input.equals(input)) return e.jid;
        Jid jid = Jid.parseUncached(input);
        slots[slot] = new Entry(input, jid);
        return jid;
    }
}
