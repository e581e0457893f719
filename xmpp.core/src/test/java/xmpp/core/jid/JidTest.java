package xmpp.core.jid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JidTest {

    /** RFC 7622 section 3.5 "Examples": the valid ones, and what they normalize to. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        juliet@example.com              | juliet        | example.com   | ''
        juliet@example.com/foo          | juliet        | example.com   | foo
        juliet@example.com/foo bar      | juliet        | example.com   | foo bar
        juliet@example.com/foo@bar      | juliet        | example.com   | foo@bar
        foo\\20bar@example.com           | foo\\20bar     | example.com   | ''
        fussball@example.com            | fussball      | example.com   | ''
        fußball@example.com             | fußball       | example.com   | ''
        π@example.com                   | π             | example.com   | ''
        Σ@example.com/foo               | σ             | example.com   | foo
        σ@example.com/foo               | σ             | example.com   | foo
        ς@example.com/foo               | ς             | example.com   | foo
        king@example.com/♚              | king          | example.com   | ♚
        example.com                     | ''            | example.com   | ''
        example.com/foobar              | ''            | example.com   | foobar
        a.example.com/b@example.net     | ''            | a.example.com | b@example.net
        """)
    void rfc7622ValidExamples(String input, String local, String domain, String resource) {
        Jid jid = Jid.of(input);
        assertEquals(local, jid.localpart());
        assertEquals(domain, jid.domainpart());
        assertEquals(resource, jid.resourcepart());
    }

    /** RFC 7622 section 3.5: the invalid examples. */
    @ParameterizedTest
    @ValueSource(strings = {
        "\"juliet\"@example.com",   // quotation marks in the localpart
        "foo bar@example.com",      // a space in the localpart
        "juliet@example.com/",      // empty resourcepart
        "@example.com/",            // empty localpart
        "henryⅣ@example.com",       // ROMAN NUMERAL FOUR: a compatibility character
        "♚@example.com",            // a symbol in the localpart
        "juliet@",                  // empty domainpart
        "/foobar",                  // empty domainpart
    })
    void rfc7622InvalidExamples(String input) {
        JidFormatException e = assertThrows(JidFormatException.class, () -> Jid.of(input));
        assertTrue(e.getMessage().startsWith("invalid JID \"" + input + "\": "), e.getMessage());
        assertEquals(Optional.empty(), Jid.parse(input));
    }

    @Test
    void moreInvalidOnes() {
        assertThrows(JidFormatException.class, () -> Jid.of(""));
        assertThrows(JidFormatException.class, () -> Jid.of("a@b@c"), "an @ in the domainpart");
        assertThrows(JidFormatException.class, () -> Jid.of("a:b@example.com"), "RFC 7622 3.3.1 excludes ':' from localparts");
        assertThrows(JidFormatException.class, () -> Jid.of("a@exa mple.com"));
        assertThrows(JidFormatException.class, () -> Jid.of("a@example..com"));
        assertThrows(JidFormatException.class, () -> Jid.of("a@[::1"));
        assertThrows(JidFormatException.class, () -> Jid.of("a@example.com/\u0000"), "a control character in the resource");
    }

    @Test
    void partsLongerThan1023BytesAreRefused() {
        assertEquals(1023, Jid.of("a".repeat(1023) + "@example.com").localpart().length());
        JidFormatException local = assertThrows(JidFormatException.class, () -> Jid.of("a".repeat(1024) + "@example.com"));
        assertTrue(local.getMessage().contains("localpart is longer than 1023 bytes"), local.getMessage());
        assertThrows(JidFormatException.class, () -> Jid.of("é".repeat(512) + "@example.com"), "1024 bytes in 512 characters");
        assertThrows(JidFormatException.class, () -> Jid.of("a@example.com/" + "r".repeat(1024)));
        assertThrows(JidFormatException.class, () -> Jid.of("a@" + "d.".repeat(512) + "com"));
    }

    @Test
    void equalityIsOnTheNormalizedForm() {
        assertEquals(Jid.of("Juliet@Example.COM/Balcony"), Jid.of("juliet@example.com/Balcony"));
        assertNotEquals(Jid.of("juliet@example.com/balcony"), Jid.of("juliet@example.com/Balcony"), "resources keep their case");
        assertEquals("juliet@example.com/Balcony", Jid.of("JULIET@EXAMPLE.COM./Balcony").toString());
        assertEquals(Jid.of("ｊｕｌｉｅｔ@example.com"), Jid.of("juliet@example.com"), "fullwidth characters are mapped");
        assertEquals(Jid.of("user@例え.テスト"), Jid.of("user@xn--r8jz45g.xn--zckzah"), "an A-label and its U-label are one domain");
    }

    @Test
    void formsAndParts() {
        Jid full = Jid.of("romeo@example.net/orchard");
        assertTrue(full.isFull());
        assertEquals(Jid.of("romeo@example.net"), full.bare());
        assertTrue(full.bare().isBare());
        assertEquals(Jid.of("example.net"), full.domain());
        assertTrue(full.domain().isDomain());
        assertFalse(full.isDomain());
        assertEquals(Jid.of("romeo@example.net/garden"), full.withResource("garden"));
        assertEquals(full.bare(), full.withResource(""));
        assertEquals(Jid.of("romeo@example.net/orchard"), Jid.of("Romeo", "Example.net", "orchard"));
        assertEquals(Jid.of("example.net"), Jid.ofDomain("EXAMPLE.net"));
        Jid bare = full.bare();
        assertSame(bare, bare.bare());
    }

    @Test
    void aFullJidMakesItsBareFormOnce() {
        // Routing, the session table and several hooks each ask a stanza's addresses for it.
        Jid full = Jid.of("romeo@example.net/orchard");
        assertSame(full.bare(), full.bare());
    }

    @Test
    void ipLiteralsAreDomains() {
        assertEquals("[::1]", Jid.of("a@[::1]/r").domainpart());
        assertEquals("[2001:db8::1]", Jid.of("[2001:DB8::1]").domainpart());
        assertEquals("127.0.0.1", Jid.of("a@127.0.0.1").domainpart());
    }

    @Test
    void cachedParsesAreTheSameValue() {
        Jid first = Jid.of("cache@example.com/r");
        assertSame(first, Jid.of("cache@example.com/r"));
        JidCache tiny = new JidCache(2);
        for (int i = 0; i < 50; i++) assertEquals("u" + i + "@example.com", tiny.get("U" + i + "@example.com").toString());
    }
}
