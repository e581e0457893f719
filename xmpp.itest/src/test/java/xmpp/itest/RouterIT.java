package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;
import xmpp.core.route.IqHandler;
import xmpp.core.route.Router;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** The router in a real Felix with DS: modules plug in and out through the service registry. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RouterIT {

    @Inject
    BundleContext context;

    @Inject
    Router router;

    @Inject
    Hosts hosts;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return options(XmppOptions.server(), XmppOptions.built("xmpp.itest.fixture"));
    }

    @Test
    public void everyComponentOfTheRouterIsActive() {
        Bundle routerBundle = bundle("xmpp.router");
        List<String> notActive = new ArrayList<>();
        Set<String> names = new java.util.TreeSet<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(routerBundle)) {
            names.add(d.name.substring(d.name.lastIndexOf('.') + 1));
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED)
                    notActive.add(d.name + " state " + c.state + " unsatisfied " + List.of(c.unsatisfiedReferences));
            }
        }
        assertEquals(List.of(), notActive);
        assertEquals(Set.of("AccountService", "HookRunner", "InMemoryRouteTable", "InMemorySessionTable", "IqDispatcher", "SessionListeners", "XmppRouter"), names);
    }

    @Test
    public void aModulesHandlerAndComponentComeAndGoWithItsBundle() throws Exception {
        Bundle fixture = bundle("xmpp.itest.fixture");
        try (Probe probe = Probe.at("probe.test", context)) {
            awaitIqHandler("urn:xmpp:itest", true);
            assertEquals("fixture", answeredBy(ask(probe, "1")));
            assertEquals("hi", echo(probe, "m1").child("body").orElseThrow().text());

            fixture.stop();
            awaitIqHandler("urn:xmpp:itest", false);
            assertEquals("service-unavailable", errorOf(ask(probe, "2")));
            assertEquals("service-unavailable", errorOf(echo(probe, "m2")));

            fixture.start();
            awaitIqHandler("urn:xmpp:itest", true);
            assertEquals("fixture", answeredBy(ask(probe, "3")));
            assertEquals("hi", echo(probe, "m3").child("body").orElseThrow().text());
        }
    }

    @Test
    public void servedDomainsChangeLiveThroughConfigurationAdmin() throws Exception {
        assertEquals(Set.of("localhost"), hosts.all());
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration("xmpp.server", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("hosts", new String[] {"localhost", "chat.example.org"});
        cfg.update(props);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!hosts.isServed("chat.example.org") && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertTrue(hosts.isServed("chat.example.org"));
        assertTrue("the same router: configuration changes do not restart it", router == context.getService(context.getServiceReference(Router.class)));
        cfg.delete();
        deadline = System.currentTimeMillis() + 10_000;
        while (hosts.isServed("chat.example.org") && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertEquals(Set.of("localhost"), hosts.all());
    }

    private Element ask(Probe probe, String id) throws Exception {
        Element iq = XmlStreams.parseElement("<iq type='get' id='" + id + "' from='probe.test' to='localhost'><q xmlns='urn:xmpp:itest'/></iq>");
        router.route(probe.jid, Jid.of("localhost"), iq);
        Element reply = probe.next();
        assertEquals(id, reply.attr("id"));
        return reply;
    }

    private Element echo(Probe probe, String id) throws Exception {
        Element message = XmlStreams.parseElement("<message id='" + id + "' from='probe.test' to='fixture.localhost'><body>hi</body></message>");
        router.route(probe.jid, Jid.of("fixture.localhost"), message);
        Element reply = probe.next();
        assertEquals(id, reply.attr("id"));
        return reply;
    }

    private static String answeredBy(Element reply) {
        assertEquals("result", reply.attr("type"));
        return reply.firstElement().orElseThrow().attr("answered-by");
    }

    private static String errorOf(Element reply) {
        assertEquals("error", reply.attr("type"));
        return reply.child("error").orElseThrow().firstElement().orElseThrow().name();
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) if (symbolicName.equals(b.getSymbolicName())) return b;
        throw new AssertionError(symbolicName + " is not installed");
    }

    /** DS registers and removes services asynchronously: wait for the change, never sleep blindly. */
    private void awaitIqHandler(String namespace, boolean present) throws Exception {
        String filter = "(&(objectClass=" + IqHandler.class.getName() + ")(" + IqHandler.NAMESPACE + "=" + namespace + "))";
        ServiceTracker<IqHandler, IqHandler> tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        tracker.open();
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while ((tracker.isEmpty() == present) && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertEquals("IQ handler for " + namespace + " present", present, !tracker.isEmpty());
        } finally {
            tracker.close();
        }
    }
}
