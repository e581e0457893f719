package xmpp.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DialbackKeysTest {

    // XEP-0185 section 3's example: receiving xmpp.example.com, originating example.org.
    private final DialbackKeys keys = new DialbackKeys("s3cr3tf0rd14lb4ck");

    @Test
    void keyIsTheOneOfXep0185sExample() {
        assertEquals("37c69b1cf07a3f67c04a5ef5902fa5114f2c76fe4a2686482ba5b89323075643",
                keys.key("xmpp.example.com", "example.org", "D60000229F"));
    }

    @Test
    void aKeyIsValidOnlyForItsDomainsStreamAndSecret() {
        String key = keys.key("xmpp.example.com", "example.org", "D60000229F");
        assertTrue(keys.isValid(key, "xmpp.example.com", "example.org", "D60000229F"));
        assertFalse(keys.isValid(key, "xmpp.example.com", "example.org", "D60000229E"));
        assertFalse(keys.isValid(key, "example.org", "xmpp.example.com", "D60000229F"));
        assertFalse(new DialbackKeys("another secret").isValid(key, "xmpp.example.com", "example.org", "D60000229F"));
        assertFalse(keys.isValid("", "xmpp.example.com", "example.org", "D60000229F"));
    }
}
