package xmpp.mod.adhoc.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.command.AdhocCommand;
import xmpp.core.command.CommandStep;
import xmpp.core.jid.Jid;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.xml.Element;

/**
 * XEP-0050 at the server's address: executes the {@link AdhocCommand}s other modules register,
 * stage by stage, for the requesters each command allows. (Service discovery lists them from
 * the same services.)
 */
@Component(configurationPid = "xmpp.mod.adhoc", configurationPolicy = ConfigurationPolicy.OPTIONAL, service = IqHandler.class)
@Designate(ocd = AdhocModule.Config.class)
@IqHandlerFor(namespace = AdhocModule.NS, discipline = IqHandler.PARALLEL) // a command may create accounts: PBKDF2
public final class AdhocModule implements IqHandler {

    static final String NS = "http://jabber.org/protocol/commands";
    static final String DATA_NS = "jabber:x:data";

    @ObjectClassDefinition(name = "XMPP module: adhoc (XEP-0050)")
    @interface Config {
        @AttributeDefinition(description = "Seconds a started command waits for its next form")
        int session_timeout_s() default 600;
    }

    record Registered(AdhocCommand command, String node) {
    }

    private final Map<String, Registered> commands = new ConcurrentHashMap<>();
    private final CommandSessions sessions;

    @Activate
    public AdhocModule(Config config) {
        this(Duration.ofSeconds(config.session_timeout_s()), Clock.systemUTC());
    }

    AdhocModule(Duration timeout, Clock clock) {
        sessions = new CommandSessions(timeout, clock);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addCommand(AdhocCommand command, Map<String, Object> props) {
        String node = String.valueOf(props.getOrDefault(AdhocCommand.NODE, ""));
        if (node.isBlank()) {
            System.getLogger(AdhocModule.class.getName()).log(System.Logger.Level.WARNING,
                    "ad-hoc command {0} has no {1} property; nobody can run it", props.get("component.name"), AdhocCommand.NODE);
            return;
        }
        commands.put(node, new Registered(command, node));
    }

    void removeCommand(AdhocCommand command) {
        commands.values().removeIf(r -> r.command() == command);
    }

    @Override
    public Element handle(Iq iq) throws Exception {
        if (iq.type() != Iq.Type.SET) return iq.errorReply(StanzaError.of(Condition.BAD_REQUEST, "commands are run with iq of type set"));
        Element request = iq.payload().orElseThrow();
        Jid requester = iq.from().orElseThrow();
        String host = iq.to().map(Jid::domainpart).orElse(requester.domainpart());
        String node = request.attr("node");
        Registered registered = commands.get(node);
        if (registered == null) return iq.errorReply(StanzaError.of(Condition.ITEM_NOT_FOUND, "no command " + node));
        if (!registered.command().allowed(requester, host))
            return iq.errorReply(StanzaError.of(Condition.FORBIDDEN, "you may not run " + node));
        String action = request.attr("action").isEmpty() ? "execute" : request.attr("action");
        String sessionId = request.attr("sessionid");
        if (sessionId.isEmpty()) {
            if (!action.equals("execute")) return specific(iq, Condition.BAD_REQUEST, "malformed-action", "a command starts with execute");
            return start(iq, registered, requester, host);
        }
        if (sessions.find(sessionId, node, requester).isEmpty())
            return specific(iq, Condition.BAD_REQUEST, "bad-sessionid", "no open session " + sessionId + " of " + node);
        return switch (action) {
            case "cancel" -> {
                sessions.close(sessionId);
                yield iq.resultReply(command(node, sessionId, "canceled", List.of()));
            }
            case "execute", "complete", "next" -> submit(iq, registered, requester, host, sessionId, request);
            case "prev" -> specific(iq, Condition.BAD_REQUEST, "bad-action", "these commands have no previous stage");
            default -> specific(iq, Condition.BAD_REQUEST, "malformed-action", "unknown action " + action);
        };
    }

    private Element start(Iq iq, Registered registered, Jid requester, String host) throws Exception {
        CommandStep step = registered.command().execute(requester, host, Optional.empty());
        if (step.completed()) return iq.resultReply(command(registered.node(), sessions.newId(), "completed", step.content()));
        Optional<String> sessionId = sessions.open(registered.node(), requester);
        if (sessionId.isEmpty())
            return iq.errorReply(StanzaError.of(Condition.RESOURCE_CONSTRAINT, "finish or cancel your open commands first"));
        return iq.resultReply(command(registered.node(), sessionId.get(), "executing", step.content()));
    }

    private Element submit(Iq iq, Registered registered, Jid requester, String host, String sessionId, Element request) throws Exception {
        Optional<Element> form = request.child("x", DATA_NS);
        if (form.isEmpty()) return specific(iq, Condition.BAD_REQUEST, "bad-payload", "submit the form as jabber:x:data");
        CommandStep step = registered.command().execute(requester, host, form);
        if (step.completed()) sessions.close(sessionId);
        return iq.resultReply(command(registered.node(), sessionId, step.completed() ? "completed" : "executing", step.content()));
    }

    private static Element command(String node, String sessionId, String status, List<Element> content) {
        Element.Builder command = Element.builder("command").xmlns(NS).attr("node", node).attr("sessionid", sessionId).attr("status", status);
        if (status.equals("executing"))
            command.child(Element.builder("actions").attr("execute", "complete").child(Element.of("complete")).build());
        for (Element e : content) command.child(e);
        return command.build();
    }

    /** An error with the XEP-0050 condition next to the RFC 6120 one. */
    private static Element specific(Iq iq, Condition condition, String specific, String text) {
        Element reply = iq.errorReply(StanzaError.of(condition, text));
        Element error = reply.child("error").orElseThrow().withChild(Element.of(specific, NS));
        return reply.withChildren(reply.children().stream().map(n -> n instanceof Element e && e.name().equals("error") ? error : n).toList());
    }
}
