package xmpp.mod.cputime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import xmpp.core.stanza.Iq;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class CpuTimeModuleTest {

    static Iq iq(String type) throws Exception {
        return Iq.of(XmlStreams.parseElement("<iq type='" + type + "' id='c1' from='romeo@localhost/r' to='localhost'>"
                + "<query xmlns='ejabberd:cputime'/></iq>"));
    }

    static double seconds(Element reply) {
        String text = reply.child("query", "ejabberd:cputime").orElseThrow().child("cputime").orElseThrow().text();
        assertTrue(text.matches("\\d+\\.\\d{3}"), "three decimals, as the seed formats it: " + text);
        return Double.parseDouble(text);
    }

    @Test
    void getAnswersTheCpuTimeWhichGrowsAsTheServerWorks() throws Exception {
        CpuTimeModule module = new CpuTimeModule();
        Element first = module.handle(iq("get"));
        assertEquals("result", first.attr("type"));
        assertEquals("c1", first.attr("id"));
        assertEquals("romeo@localhost/r", first.attr("to"));
        long spin = System.nanoTime() + 300_000_000L;
        double sink = 0;
        while (System.nanoTime() < spin) sink += Math.sqrt(sink + 1);   // work for 0.3 s
        assertTrue(sink > 0);
        assertTrue(seconds(module.handle(iq("get"))) > seconds(first));
    }

    @Test
    void setIsNotAllowedAndCarriesTheRequest() throws Exception {
        Element reply = new CpuTimeModule().handle(iq("set"));
        assertEquals("error", reply.attr("type"));
        assertEquals("query", reply.firstElement().orElseThrow().name(), "the seed's [SubEl, ?ERR_NOT_ALLOWED]");
        assertEquals("not-allowed", reply.child("error").orElseThrow().firstElement().orElseThrow().name());
    }
}
