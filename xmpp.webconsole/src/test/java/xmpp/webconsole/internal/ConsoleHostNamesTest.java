package xmpp.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsoleHostNamesTest {

    final ConsoleHostNames names = new ConsoleHostNames(new String[] {" Console.Example.NET ", "192.0.2.7"}, Set.of("example.com")::contains);

    @Test
    void theOperatorsNamesAndAddressesAreAllowed() {
        assertTrue(names.allows("console.example.net:5443"));
        assertTrue(names.allows("192.0.2.7:5280"));
        assertFalse(names.allows("192.0.2.8:5280"));
    }

    @Test
    void malformedHostsAreRefused() {
        assertFalse(names.allows("[::1"));
        assertFalse(names.allows("999.0.0.1"));
        assertFalse(names.allows(":5280"));
    }
}
