package xmpp.mod.disco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import xmpp.core.stream.XmlStreams;

/** The examples of XEP-0115 sections 5.2 and 5.3. */
class CapsTest {

    @Test
    void simpleGenerationExample() throws Exception {
        assertEquals("QgayPKawpkPSDYmwT/WM94uAlu0=", Caps.ver(XmlStreams.parseElement(
                "<query xmlns='http://jabber.org/protocol/disco#info'>"
                + "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
                + "<feature var='http://jabber.org/protocol/caps'/>"
                + "<feature var='http://jabber.org/protocol/disco#info'/>"
                + "<feature var='http://jabber.org/protocol/disco#items'/>"
                + "<feature var='http://jabber.org/protocol/muc'/></query>")));
    }

    @Test
    void complexGenerationExampleWithLanguagesAndAnExtendedForm() throws Exception {
        assertEquals("q07IKJEyjvHSyhy//CH0CxmKi8w=", Caps.ver(XmlStreams.parseElement(
                "<query xmlns='http://jabber.org/protocol/disco#info'>"
                + "<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>"
                + "<identity xml:lang='el' category='client' name='\u03a8 0.11' type='pc'/>"
                + "<feature var='http://jabber.org/protocol/caps'/>"
                + "<feature var='http://jabber.org/protocol/disco#info'/>"
                + "<feature var='http://jabber.org/protocol/disco#items'/>"
                + "<feature var='http://jabber.org/protocol/muc'/>"
                + "<x xmlns='jabber:x:data' type='result'>"
                + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>"
                + "<field var='ip_version'><value>ipv4</value><value>ipv6</value></field>"
                + "<field var='os'><value>Mac</value></field>"
                + "<field var='os_version'><value>10.5.1</value></field>"
                + "<field var='software'><value>Psi</value></field>"
                + "<field var='software_version'><value>0.11</value></field>"
                + "</x></query>")));
    }
}
