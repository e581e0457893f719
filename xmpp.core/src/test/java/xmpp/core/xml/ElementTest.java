package xmpp.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ElementTest {

    @Test
    void withMethodsCopyAndLeaveTheOriginalAlone() {
        Element original = Element.builder("iq").attr("type", "get").attr("id", "1").build();
        Element changed = original.withAttr("type", "result").withAttr("to", "a@b").withoutAttr("id");
        assertEquals("<iq type=\"get\" id=\"1\"/>", original.toXml());
        assertEquals("<iq type=\"result\" to=\"a@b\"/>", changed.toXml());
        assertSame(original, original.withoutAttr("absent"));
        assertSame(original, original.withAttr("type", "get"));
        assertEquals("<iq type=\"get\" id=\"1\"><ping xmlns=\"urn:xmpp:ping\"/></iq>",
                original.withChild(Element.of("ping", "urn:xmpp:ping")).toXml());
        assertEquals("<iq type=\"get\" id=\"1\">x</iq>", original.withChildren(List.of(new Text("x"))).toXml());
    }

    @Test
    void attributeOrderDoesNotMatterForEquality() {
        Element a = Element.builder("x").attr("a", "1").attr("b", "2").build();
        Element b = Element.builder("x").attr("b", "2").attr("a", "1").build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, b.withAttr("b", "3"));
        assertNotEquals(a, a.withChild(new Text("t")));
        assertNotEquals(Element.of("x"), Element.of("y"));
    }

    @Test
    void builderMergesAdjacentText() {
        Element e = Element.builder("body").text("a").text("").text("b").child(Element.of("br")).text("c").build();
        assertEquals(List.of(new Text("ab"), Element.of("br"), new Text("c")), e.children());
    }

    @Test
    void childByNamespace() {
        Element iq = Element.builder("iq").child(Element.of("query", "jabber:iq:roster")).child(Element.of("query", "jabber:iq:version")).build();
        assertEquals("jabber:iq:version", iq.child("query", "jabber:iq:version").orElseThrow().namespace());
        assertEquals("jabber:iq:roster", iq.firstElement().orElseThrow().namespace());
    }

    @Test
    void invalidConstructionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Element.of(""));
        assertThrows(NullPointerException.class, () -> Element.of("x").withAttr("a", null));
        assertThrows(NullPointerException.class, () -> Element.builder("x").child(null));
        assertThrows(NullPointerException.class, () -> new Text(null));
    }

    @Test
    void toBuilderCopies() {
        Element e = Element.builder("m").attr("a", "1").text("t").build();
        assertEquals(e, e.toBuilder().build());
        assertEquals("<m a=\"2\">t<x/></m>", e.toBuilder().attr("a", "2").child(Element.of("x")).build().toXml());
    }
}
