package xmpp.core.spi.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpLiteralsTest {

    @Test
    void literalsOfBothFamiliesAreRead() {
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 7}, IpLiterals.parse("192.0.2.7").getAddress());
        assertTrue(IpLiterals.parse("2001:db8::1").getAddress().length == 16);
    }

    @Test
    void namesAndMalformedLiteralsAreRefusedWithoutDns() {
        assertThrows(IllegalArgumentException.class, () -> IpLiterals.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> IpLiterals.parse("example.org"));
        assertThrows(IllegalArgumentException.class, () -> IpLiterals.parse("999.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> IpLiterals.parse("1:2:3"));
    }

    @Test
    void loopbackIsALoopbackLiteralOnly() {
        assertTrue(IpLiterals.isLoopback("127.0.0.1"));
        assertTrue(IpLiterals.isLoopback("127.1.2.3"));
        assertTrue(IpLiterals.isLoopback("::1"));
        assertFalse(IpLiterals.isLoopback("localhost"), "a name, which DNS could point anywhere");
        assertFalse(IpLiterals.isLoopback("192.0.2.7"));
        assertFalse(IpLiterals.isLoopback("not an address"));
    }
}
