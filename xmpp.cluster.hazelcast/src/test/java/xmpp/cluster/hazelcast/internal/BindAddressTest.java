package xmpp.cluster.hazelcast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BindAddressTest {

    @Test
    void privateAndLoopbackAddressesAreTaken() {
        for (String a : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.20", "100.64.0.1", "::1", "fd12:3456::1", "fe80::1"})
            assertTrue(BindAddress.isPrivate(BindAddress.of(a, false)), a);
    }

    @Test
    void aWildcardIsRefusedUnlessAllowedAndTheMessageSaysWhatToDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BindAddress.of("0.0.0.0", false));
        assertTrue(e.getMessage().contains("xmpp.cluster.address=0.0.0.0 is a wildcard address"), e.getMessage());
        assertTrue(e.getMessage().contains("public.allowed=true"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BindAddress.of("::", false));
        assertTrue(BindAddress.of("0.0.0.0", true).isAnyLocalAddress());
    }

    @Test
    void aPublicAddressIsRefusedUnlessAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BindAddress.of("203.0.113.7", false));
        assertTrue(e.getMessage().contains("is a public address"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BindAddress.of("2001:db8::7", false));
        assertEquals("203.0.113.7", BindAddress.of("203.0.113.7", true).getHostAddress());
    }

    @Test
    void aNameIsRefusedForItCouldResolveToAnything() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BindAddress.of("localhost", true));
        assertTrue(e.getMessage().contains("is not an IP address"), e.getMessage());
    }
}
