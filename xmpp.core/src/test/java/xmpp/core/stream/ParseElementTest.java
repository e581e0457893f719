package xmpp.core.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import xmpp.core.spi.stream.StreamLimits;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.stream.StreamError.Condition;
import xmpp.core.xml.Element;

class ParseElementTest {

    static XmlParseException refused(String xml) {
        return assertThrows(XmlParseException.class, () -> XmlStreams.parseElement(xml));
    }

    @Test
    void namespacesComeOutAsXmlnsAttributesWhereTheyChange() throws Exception {
        Element iq = XmlStreams.parseElement(
                "<iq xmlns='jabber:client' type='get'><query xmlns='jabber:iq:roster'><item jid='a@b'/></query></iq>");
        assertEquals("jabber:client", iq.namespace());
        Element query = iq.child("query").orElseThrow();
        assertEquals("jabber:iq:roster", query.namespace());
        assertEquals("", query.child("item").orElseThrow().namespace(), "inherited, so not repeated");
    }

    @Test
    void prefixedElementsBecomeDefaultNamespaced() throws Exception {
        Element parsed = XmlStreams.parseElement("<a xmlns='A' xmlns:p='B'><p:b><c/></p:b></a>");
        Element b = parsed.child("b").orElseThrow();
        assertEquals("B", b.namespace());
        assertEquals("A", b.child("c").orElseThrow().namespace(), "back in the default namespace after a prefixed parent");
        assertEquals("<a xmlns=\"A\"><b xmlns=\"B\"><c xmlns=\"A\"/></b></a>", parsed.toXml());
        assertEquals(parsed, XmlStreams.parseElement(parsed.toXml()));
    }

    @Test
    void prefixedAttributesKeepTheirDeclaration() throws Exception {
        Element parsed = XmlStreams.parseElement("<a xmlns:p='urn:p' p:x='1' xml:lang='en'/>");
        assertEquals("1", parsed.attr("p:x"));
        assertEquals("urn:p", parsed.attr("xmlns:p"));
        assertEquals("en", parsed.attr("xml:lang"));
        assertEquals(parsed, XmlStreams.parseElement(parsed.toXml()));
    }

    @Test
    void predefinedEntitiesAndCharacterReferencesAreFine() throws Exception {
        Element parsed = XmlStreams.parseElement("<body a='&quot;&apos;'>&lt;&gt;&amp;&#65;&#x42;</body>");
        assertEquals("<>&AB", parsed.text());
        assertEquals("\"'", parsed.attr("a"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        DTD                  | RESTRICTED_XML  | <!DOCTYPE a><a/>
        internal entity      | RESTRICTED_XML  | <!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>
        external entity      | RESTRICTED_XML  | <!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><a>&x;</a>
        undeclared entity    | RESTRICTED_XML  | <a>&nbsp;</a>
        entity in attribute  | RESTRICTED_XML  | <a b='&foo;'/>
        comment              | RESTRICTED_XML  | <a><!-- hi --></a>
        processing instr.    | RESTRICTED_XML  | <a><?php echo 1; ?></a>
        truncated            | NOT_WELL_FORMED | <message><body>hi</body>
        mismatched tags      | NOT_WELL_FORMED | <a><b></a></b>
        duplicate attribute  | NOT_WELL_FORMED | <a x='1' x='2'/>
        null character       | NOT_WELL_FORMED | <a>&#0;</a>
        two elements         | NOT_WELL_FORMED | <a/><b/>
        no element           | NOT_WELL_FORMED | '   '
        undeclared prefix    | BAD_NAMESPACE_PREFIX | <p:a/>
        """)
    void badInputGetsTheRightStreamError(String what, Condition condition, String xml) {
        assertEquals(condition, refused(xml).condition(), what);
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 'lol'>");
        for (int i = 1; i < 10; i++) dtd.append("<!ENTITY lol").append(i).append(" '").append(("&lol" + (i - 1) + ";").repeat(10)).append("'>");
        XmlParseException e = refused(dtd + "]><lolz>&lol9;</lolz>");
        assertEquals(Condition.RESTRICTED_XML, e.condition());
        assertTrue(e.getMessage().contains("DTD"), e.getMessage());
    }

    @Test
    void errorsSayWhereAndWhat() {
        XmlParseException e = refused("<message>\n<body>&foo;</body></message>");
        assertTrue(e.getMessage().startsWith("line 2, column "), e.getMessage());
        assertTrue(e.getMessage().contains("foo"), e.getMessage());
        assertEquals(Condition.RESTRICTED_XML, e.toStreamError().condition());
    }

    @Test
    void limitsGivePolicyViolation() {
        assertEquals(Condition.POLICY_VIOLATION, refused("<a>" + "x".repeat(300 * 1024) + "</a>").condition(), "oversize text");
        assertEquals(Condition.POLICY_VIOLATION, refused("<a b='" + "x".repeat(300 * 1024) + "'/>").condition(), "oversize attribute");
        assertEquals(Condition.POLICY_VIOLATION, refused("<a>" + "<b/>".repeat(80_000) + "</a>").condition(), "oversize by many children");
        assertEquals(Condition.POLICY_VIOLATION, refused("<a" + "b".repeat(300 * 1024) + "/>").condition(), "oversize element name");
        assertEquals(Condition.POLICY_VIOLATION, refused("<a>".repeat(65) + "</a>".repeat(65)).condition(), "too deep");
        StringBuilder many = new StringBuilder("<a");
        for (int i = 0; i < 65; i++) many.append(" a").append(i).append("='v'");
        assertEquals(Condition.POLICY_VIOLATION, refused(many + "/>").condition(), "too many attributes");
    }

    @Test
    void limitsAreConfigurable() throws Exception {
        StreamParser strict = new StreamParser(StreamLimits.DEFAULT.withMaxStanzaBytes(10_000).withMaxDepth(3).withMaxAttributes(8));
        assertEquals(3, strict.parseElement("<a><b><c/></b></a>").elements().size() + 2);
        assertEquals(Condition.POLICY_VIOLATION,
                assertThrows(XmlParseException.class, () -> strict.parseElement("<a><b><c><d/></c></b></a>")).condition());
        assertEquals(Condition.POLICY_VIOLATION,
                assertThrows(XmlParseException.class, () -> strict.parseElement("<a>" + "x".repeat(40_000) + "</a>")).condition());
        assertThrows(IllegalArgumentException.class, () -> StreamLimits.DEFAULT.withMaxStanzaBytes(9_999));
        StreamParser narrow = new StreamParser(StreamLimits.DEFAULT.withMaxChildren(8).withMaxElements(10));
        assertEquals(8, narrow.parseElement("<a>" + "<b/>".repeat(8) + "</a>").elements().size());
        assertEquals(Condition.POLICY_VIOLATION,
                assertThrows(XmlParseException.class, () -> narrow.parseElement("<a>" + "<b/>".repeat(9) + "</a>")).condition());
        assertEquals(Condition.POLICY_VIOLATION,
                assertThrows(XmlParseException.class, () -> narrow.parseElement("<a>" + "<b><c/><c/></b>".repeat(3) + "<b/></a>")).condition());
    }

    @Test
    void aStanzaJustUnderTheLimitIsFine() throws Exception {
        String body = "x".repeat(250 * 1024);
        assertEquals(body, XmlStreams.parseElement("<message><body>" + body + "</body></message>").path(xmpp.core.xml.PathStep.elem("body"), xmpp.core.xml.PathStep.cdata()) instanceof xmpp.core.xml.Text t ? t.value() : null);
    }
}
