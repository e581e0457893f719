package org.example.hello.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import xmpp.core.stanza.Iq;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** A module's handler is a plain object: tested without a server. */
class HelloModuleTest {

    @Test
    void aGetIsAnsweredWithAGreetingForTheSender() throws Exception {
        Element reply = new HelloModule().handle(Iq.of(XmlStreams.parseElement(
                "<iq type='get' id='h1' from='juliet@example.com/balcony' to='example.com'><hello xmlns='urn:example:hello'/></iq>")));
        assertEquals("result", reply.attr("type"));
        assertEquals("h1", reply.attr("id"));
        assertEquals("juliet@example.com/balcony", reply.attr("to"));
        assertEquals("Hello, juliet@example.com!", reply.child("hello").orElseThrow().child("greeting").orElseThrow().text());
    }

    @Test
    void aSetIsNotAllowed() throws Exception {
        Element reply = new HelloModule().handle(Iq.of(XmlStreams.parseElement(
                "<iq type='set' id='h2' from='juliet@example.com/balcony' to='example.com'><hello xmlns='urn:example:hello'/></iq>")));
        assertEquals("error", reply.attr("type"));
        assertEquals("not-allowed", reply.child("error").orElseThrow().elements().get(0).name());
    }
}
