package xmpp.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostMetaLinksTest {

    final List<HostMetaLinks.Link> links = List.of(
            HostMetaLinks.endpoint("websocket", "https://example.org:5443", "/ws"),
            HostMetaLinks.endpoint("xbosh", "https://example.org:5443", "/http-bind"),
            HostMetaLinks.configured("urn:xmpp:alt-connections:xbosh https://proxy.example/bosh?a=1&b=2"));

    @Test
    void endpointsBecomeXep0156LinksWithAWebSocketScheme() {
        assertEquals(new HostMetaLinks.Link("urn:xmpp:alt-connections:websocket", "wss://example.org:5443/ws"), links.get(0));
        assertEquals(new HostMetaLinks.Link("urn:xmpp:alt-connections:xbosh", "https://example.org:5443/http-bind"), links.get(1));
        assertEquals("ws://127.0.0.1:5280/ws", HostMetaLinks.endpoint("websocket", "http://127.0.0.1:5280", "/ws").href());
    }

    @Test
    void theXrdAndTheJsonListTheSameLinks() {
        assertEquals("""
                <?xml version='1.0' encoding='utf-8'?>
                <XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>
                  <Link rel='urn:xmpp:alt-connections:websocket' href='wss://example.org:5443/ws'/>
                  <Link rel='urn:xmpp:alt-connections:xbosh' href='https://example.org:5443/http-bind'/>
                  <Link rel='urn:xmpp:alt-connections:xbosh' href='https://proxy.example/bosh?a=1&amp;b=2'/>
                </XRD>
                """, HostMetaLinks.xrd(links));
        assertEquals("{\"links\":[{\"rel\":\"urn:xmpp:alt-connections:websocket\",\"href\":\"wss://example.org:5443/ws\"},"
                + "{\"rel\":\"urn:xmpp:alt-connections:xbosh\",\"href\":\"https://example.org:5443/http-bind\"},"
                + "{\"rel\":\"urn:xmpp:alt-connections:xbosh\",\"href\":\"https://proxy.example/bosh?a=1&b=2\"}]}\n", HostMetaLinks.json(links));
    }

    @Test
    void withoutEndpointsTheDocumentsAreEmptyButValid() {
        assertEquals("{\"links\":[]}\n", HostMetaLinks.json(List.of()));
        assertEquals("<?xml version='1.0' encoding='utf-8'?>\n<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n</XRD>\n", HostMetaLinks.xrd(List.of()));
    }

    @Test
    void aConfiguredLinkWithoutHrefIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HostMetaLinks.configured("urn:xmpp:alt-connections:websocket"));
    }
}
