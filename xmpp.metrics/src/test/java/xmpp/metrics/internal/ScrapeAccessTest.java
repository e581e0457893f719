package xmpp.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import xmpp.metrics.internal.ScrapeAccess.Verdict;

/** Who may scrape: loopback always; elsewhere only with the configured bearer token. */
class ScrapeAccessTest {

    @Test
    void loopbackIsLetInWithoutAToken() {
        ScrapeAccess access = new ScrapeAccess("");
        assertEquals(Verdict.ALLOWED, access.check("127.0.0.1", null));
        assertEquals(Verdict.ALLOWED, access.check("127.8.9.10", null));
        assertEquals(Verdict.ALLOWED, access.check("0:0:0:0:0:0:0:1", null));
        assertEquals(Verdict.ALLOWED, access.check("[::1]", null));
    }

    @Test
    void elsewhereIsRefusedWhileNoTokenIsConfigured() {
        ScrapeAccess access = new ScrapeAccess("  ");
        assertEquals(Verdict.NO_TOKEN_CONFIGURED, access.check("203.0.113.7", null));
        assertEquals(Verdict.NO_TOKEN_CONFIGURED, access.check("203.0.113.7", "Bearer "), "an empty token is no token");
        assertEquals(Verdict.NO_TOKEN_CONFIGURED, access.check("2001:db8::7", "Bearer  "));
    }

    @Test
    void elsewhereNeedsExactlyTheToken() {
        ScrapeAccess access = new ScrapeAccess("s3cret-Token");
        assertEquals(Verdict.ALLOWED, access.check("203.0.113.7", "Bearer s3cret-Token"));
        assertEquals(Verdict.ALLOWED, access.check("203.0.113.7", "bearer s3cret-Token"), "the scheme is case-insensitive (RFC 7235)");
        assertEquals(Verdict.WRONG_TOKEN, access.check("203.0.113.7", null));
        assertEquals(Verdict.WRONG_TOKEN, access.check("203.0.113.7", "Bearer s3cret-token"), "the token is not");
        assertEquals(Verdict.WRONG_TOKEN, access.check("203.0.113.7", "Bearer s3cret-Token2"));
        assertEquals(Verdict.WRONG_TOKEN, access.check("203.0.113.7", "Basic czNjcmV0LVRva2Vu"));
        assertEquals(Verdict.WRONG_TOKEN, access.check("203.0.113.7", "s3cret-Token"));
    }

    @Test
    void aNameIsNoLoopbackAddress() {
        // The container gives literals; a name would mean a DNS lookup per request, and "localhost" could be anything.
        assertEquals(Verdict.NO_TOKEN_CONFIGURED, new ScrapeAccess("").check("localhost", null));
    }
}
