package xmpp.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xmpp.core.xml.PathStep.attr;
import static xmpp.core.xml.PathStep.cdata;
import static xmpp.core.xml.PathStep.elem;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xmpp.core.stream.XmlStreams;

/** Every function of the seed's module {@code xml} (section 6), on the seed's own example stanza (section 5). */
class SeedXmlFunctionsTest {

    static final String SEED_XML = "<message to='test@conference.example.org' type='groupchat'>\n  <body>test</body>\n</message>";

    /** The seed's tuple, built by hand: {xmlelement, "message", [{"to", ...}, {"type", "groupchat"}], [{xmlelement, "body", [], [{xmlcdata, "test"}]}]}. */
    static final Element SEED = Element.builder("message")
            .attr("to", "test@conference.example.org")
            .attr("type", "groupchat")
            .child(Element.builder("body").text("test").build())
            .build();

    @Test
    void parseElementGivesTheSeedsStructure() throws Exception {
        Element parsed = XmlStreams.parseElement(SEED_XML);
        // The seed's tuple has no whitespace children; the text keeps them, remove_cdata removes them.
        assertEquals(SEED.name(), parsed.name());
        assertEquals(SEED.attributes(), parsed.attributes());
        assertEquals(SEED.elements(), parsed.elements());
        assertEquals(List.of(new Attribute("to", "test@conference.example.org"), new Attribute("type", "groupchat")), parsed.attributes());
    }

    @Test
    void elementToString() throws Exception {
        assertEquals("<message to=\"test@conference.example.org\" type=\"groupchat\"><body>test</body></message>", SEED.toXml());
        assertEquals(SEED, XmlStreams.parseElement(SEED.toXml()));
        assertEquals("<presence/>", Element.of("presence").toXml());
    }

    @Test
    void cryptEscapesTheFiveSpecialCharacters() {
        assertEquals("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;", Xml.escape("a & b <c> \"d\" 'e'"));
        assertEquals("test", Xml.escape("test"));
        assertSame("plain", Xml.escape("plain"));   // nothing to do, no copy
        assertEquals("<body>&lt;b&gt;x&amp;y&lt;/b&gt;</body>", Element.builder("body").text("<b>x&y</b>").build().toXml());
    }

    @Test
    void removeCdataKeepsOnlyElements() throws Exception {
        Element parsed = XmlStreams.parseElement(SEED_XML);
        assertEquals(3, parsed.children().size(), "whitespace, body, whitespace");
        assertEquals(List.of(SEED.child("body").orElseThrow()), Xml.elementsOf(parsed.children()));
        assertEquals(List.of(SEED.child("body").orElseThrow()), parsed.elements());
        assertEquals(List.of(), Xml.elementsOf(List.of(new Text("a"), new Text("b"))));
    }

    @Test
    void getPathS() {
        assertSame(SEED, SEED.path());
        assertEquals(SEED.child("body").orElseThrow(), SEED.path(elem("body")));
        assertEquals(new Text("test"), SEED.path(elem("body"), cdata()));
        assertEquals(new Text("groupchat"), SEED.path(attr("type")));
        assertEquals(new Text("test@conference.example.org"), SEED.path(attr("to")));
    }

    @Test
    void getPathSGivesTheEmptyStringForWhatIsAbsent() {
        assertEquals(new Text(""), SEED.path(elem("subject")));
        assertEquals(new Text(""), SEED.path(elem("subject"), cdata()));
        assertEquals(new Text(""), SEED.path(attr("from")));
        assertEquals(new Text(""), SEED.path(elem("body"), attr("xml:lang")));
        assertEquals(new Text(""), SEED.path(elem("body"), elem("b"), attr("x")));
    }

    @Test
    void getPathSRefusesStepsAfterAttrOrCdata() {
        assertThrows(IllegalArgumentException.class, () -> SEED.path(attr("type"), elem("body")));
        assertThrows(IllegalArgumentException.class, () -> SEED.path(cdata(), cdata()));
    }

    @Test
    void getCdataConcatenatesTheTextOfAList() {
        assertEquals("test", Xml.textOf(SEED.child("body").orElseThrow().children()));
        assertEquals("ab", Xml.textOf(List.of(new Text("a"), Element.of("x"), new Text("b"))));
        assertEquals("", Xml.textOf(List.of()));
    }

    @Test
    void getTagCdata() throws Exception {
        assertEquals("test", SEED.child("body").orElseThrow().text());
        assertEquals("", SEED.text());
        assertEquals("\n  \n", XmlStreams.parseElement(SEED_XML).text());
        assertEquals("a<b", XmlStreams.parseElement("<body>a<![CDATA[<]]>b</body>").text());
    }

    @Test
    void getAttrAndGetAttrS() {
        List<Attribute> attrs = SEED.attributes();
        assertEquals(Optional.of("groupchat"), Xml.findAttr(attrs, "type"));
        assertEquals(Optional.empty(), Xml.findAttr(attrs, "id"));
        assertEquals("groupchat", Xml.attrOrEmpty(attrs, "type"));
        assertEquals("", Xml.attrOrEmpty(attrs, "id"));
    }

    @Test
    void getTagAttrAndGetTagAttrS() {
        assertEquals(Optional.of("test@conference.example.org"), SEED.findAttr("to"));
        assertEquals(Optional.empty(), SEED.findAttr("from"));
        assertEquals("groupchat", SEED.attr("type"));
        assertEquals("", SEED.attr("from"));
        assertTrue(SEED.hasAttr("to"));
        assertFalse(SEED.hasAttr("from"));
        assertEquals(Optional.of(""), Element.of("x").withAttr("a", "").findAttr("a"), "present but empty is not absent");
    }

    @Test
    void getSubtag() {
        assertEquals(Optional.of(Element.builder("body").text("test").build()), SEED.child("body"));
        assertEquals(Optional.empty(), SEED.child("subject"));
        Element two = Element.builder("m").child(Element.builder("b").text("1").build()).child(Element.builder("b").text("2").build()).build();
        assertEquals("1", two.child("b").orElseThrow().text(), "the first of several");
    }
}
