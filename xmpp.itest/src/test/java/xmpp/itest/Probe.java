package xmpp.itest;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import xmpp.core.jid.Jid;
import xmpp.core.route.Component;
import xmpp.core.xml.Element;

/** A component at a domain of its own that catches what is routed to it: the test's address. */
final class Probe implements Component, AutoCloseable {

    final Jid jid;
    private final BlockingQueue<Element> received = new LinkedBlockingQueue<>();
    private final ServiceRegistration<Component> registration;

    private Probe(String domain, BundleContext context) {
        jid = Jid.ofDomain(domain);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Component.ROUTE, domain);
        registration = context.registerService(Component.class, this, props);
    }

    static Probe at(String domain, BundleContext context) {
        return new Probe(domain, context);
    }

    @Override
    public void route(Jid from, Jid to, Element stanza) {
        received.add(stanza);
    }

    Element next() throws InterruptedException {
        Element e = received.poll(10, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError(jid + " received nothing within 10 s");
        return e;
    }

    @Override
    public void close() {
        registration.unregister();
    }
}
