package xmpp.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    final ClientAddresses behindProxy = new ClientAddresses(new String[] {"10.0.0.5", " ::1 "});
    final ClientAddresses alone = new ClientAddresses(new String[0]);

    @Test
    void httpsIsServedToAnyoneAndForwardedForIsIgnoredFromClients() {
        assertEquals(Optional.of("203.0.113.9"), alone.client(true, "203.0.113.9", "198.51.100.1"));
    }

    @Test
    void plainHttpIsServedToLoopbackAndRefusedToOtherAddresses() {
        assertEquals(Optional.of("127.0.0.1"), alone.client(false, "127.0.0.1", null));
        assertEquals(Optional.empty(), alone.client(false, "203.0.113.9", null));
        assertEquals(Optional.empty(), alone.client(false, "203.0.113.9", "127.0.0.1"), "a client cannot claim to be loopback");
    }

    @Test
    void aNamedProxyIsServedPlainHttpAndItsForwardedForNamesTheClient() {
        assertEquals(Optional.of("198.51.100.1"), behindProxy.client(false, "10.0.0.5", "198.51.100.1"));
        assertEquals(Optional.of("198.51.100.1"), behindProxy.client(false, "10.0.0.5", "6.6.6.6, 198.51.100.1, 10.0.0.5"),
                "the last hop the proxies did not add: what the client wrote itself is skipped");
        assertEquals(Optional.of("10.0.0.5"), behindProxy.client(false, "10.0.0.5", null));
        assertEquals(Optional.of("10.0.0.5"), behindProxy.client(false, "10.0.0.5", "not an address"));
    }

    @Test
    void aRequestIsSecureOverHttpsOrWhenANamedProxySaysItsClientUsedHttps() {
        assertTrue(alone.secure(true, "203.0.113.9", null));
        assertFalse(alone.secure(false, "127.0.0.1", null));
        assertTrue(behindProxy.secure(false, "10.0.0.5", "https"));
        assertTrue(behindProxy.secure(false, "10.0.0.5", "HTTPS, http"), "the first entry is the client's side of the first proxy");
        assertFalse(behindProxy.secure(false, "10.0.0.5", "http"));
        assertFalse(behindProxy.secure(false, "10.0.0.5", null));
        assertFalse(alone.secure(false, "203.0.113.9", "https"), "anyone else can write the header");
    }

    @Test
    void aProxyThatIsNoAddressIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClientAddresses(new String[] {"proxy.example"}));
        assertEquals("not an IP address: proxy.example", e.getMessage());
    }
}
