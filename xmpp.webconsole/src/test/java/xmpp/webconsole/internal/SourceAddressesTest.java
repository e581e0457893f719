package xmpp.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SourceAddressesTest {

    @Test
    void loopbackOnlyByDefault() {
        SourceAddresses none = new SourceAddresses(new String[0]);
        assertTrue(none.allows("127.0.0.1"));
        assertTrue(none.allows("::1"));
        assertFalse(none.allows("192.0.2.7"));
        assertFalse(none.allows("not-an-address"));
    }

    @Test
    void listedAddressesAndNetworks() {
        SourceAddresses some = new SourceAddresses(new String[] {"192.0.2.7", " 10.0.0.0/8", "2001:db8::/32"});
        assertTrue(some.allows("192.0.2.7"));
        assertFalse(some.allows("192.0.2.8"));
        assertTrue(some.allows("10.200.3.4"));
        assertFalse(some.allows("11.0.0.1"));
        assertTrue(some.allows("2001:db8:1::5"));
        assertFalse(some.allows("2001:db9::5"));
    }

    @Test
    void aStarIsAnywhere() {
        assertTrue(new SourceAddresses(new String[] {"*"}).allows("203.0.113.9"));
    }

    @Test
    void namesAndBadPrefixesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SourceAddresses(new String[] {"example.org"}));
        assertThrows(IllegalArgumentException.class, () -> new SourceAddresses(new String[] {"10.0.0.0/33"}));
    }
}
