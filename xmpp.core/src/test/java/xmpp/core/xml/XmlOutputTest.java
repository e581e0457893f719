package xmpp.core.xml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import xmpp.core.stream.XmlStreams;

class XmlOutputTest {

    @Test
    void writesUtf8BytesForEveryPlane() throws Exception {
        String text = "é€😀 ascii";   // 2-, 3- and 4-byte sequences
        Element e = Element.builder("body").text(text).build();
        XmlOutput out = new XmlOutput(4).element(e);   // tiny start: forces growth
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        out.writeTo(sink);
        assertArrayEquals(("<body>" + text + "</body>").getBytes(StandardCharsets.UTF_8), sink.toByteArray());
        assertEquals(text, XmlStreams.parseElement(out.toString()).text());
    }

    @Test
    void charactersXmlCannotCarryBecomeReplacementCharacters() throws Exception {
        Element e = Element.builder("body").attr("a", "x\u0000y").text("\u0001 \uD800 \uFFFE ok").build();
        String xml = e.toXml();
        assertEquals("<body a=\"x\uFFFDy\">\uFFFD \uFFFD \uFFFD ok</body>", xml);
        XmlStreams.parseElement(xml);   // and the result is well-formed
    }

    @Test
    void whitespaceInAttributesAndCarriageReturnsSurviveARoundTrip() throws Exception {
        Element e = Element.builder("x").attr("a", "1\t2\n3\r4").text("l1\r\nl2\tend").build();
        assertEquals(e, XmlStreams.parseElement(e.toXml()));
    }

    @Test
    void resetKeepsTheBufferForTheNextStanza() {
        XmlOutput out = new XmlOutput();
        out.element(Element.of("a"));
        out.reset();
        out.raw("<stream:stream>").escaped("<&>");
        assertEquals("<stream:stream>&lt;&amp;&gt;", out.toString());
        assertEquals(out.size(), out.toByteArray().length);
    }
}
