package xmpp.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CsrfTokensTest {

    @Test
    void aTokenIsGoodForItsAdminOnlyAndUntilARestart() {
        CsrfTokens tokens = new CsrfTokens();
        String t = tokens.tokenFor("admin@localhost");
        assertTrue(tokens.valid("admin@localhost", t));
        assertFalse(tokens.valid("other@localhost", t));
        assertFalse(tokens.valid("admin@localhost", null));
        assertFalse(tokens.valid("admin@localhost", ""));
        assertFalse(new CsrfTokens().valid("admin@localhost", t), "a new key after a restart");
    }
}
