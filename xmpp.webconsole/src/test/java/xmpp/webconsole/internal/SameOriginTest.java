package xmpp.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SameOriginTest {

    @Test
    void readingIsAllowedFromAnywhereTheLoginAllows() {
        assertTrue(SameOrigin.allows("GET", "127.0.0.1:5280", "https://evil.example", null));
    }

    @Test
    void aChangeFromTheConsolesOwnPageIsAllowed() {
        assertTrue(SameOrigin.allows("POST", "127.0.0.1:5280", "http://127.0.0.1:5280", null));
        assertTrue(SameOrigin.allows("POST", "XMPP.example.org:5443", "https://xmpp.example.org:5443", null));
        assertTrue(SameOrigin.allows("POST", "127.0.0.1:5280", null, "http://127.0.0.1:5280/system/console/bundles"));
    }

    @Test
    void aChangeFromAnotherSitesPageIsRefused() {
        assertFalse(SameOrigin.allows("POST", "127.0.0.1:5280", "https://evil.example", null));
        assertFalse(SameOrigin.allows("POST", "127.0.0.1:5280", "http://127.0.0.1:8080", null), "another port is another origin");
        assertFalse(SameOrigin.allows("POST", "127.0.0.1:5280", null, "https://evil.example/page"));
        assertFalse(SameOrigin.allows("POST", "127.0.0.1:5280", "null", null), "an opaque origin");
        assertFalse(SameOrigin.allows("DELETE", "127.0.0.1:5280", "https://evil.example", "http://127.0.0.1:5280/"), "Origin wins over Referer");
        assertFalse(SameOrigin.allows("POST", "127.0.0.1:5280", "not a url", null));
    }

    @Test
    void aChangeFromNoPageAtAllIsAScriptAndAllowed() {
        assertTrue(SameOrigin.allows("POST", "127.0.0.1:5280", null, null));
    }
}
