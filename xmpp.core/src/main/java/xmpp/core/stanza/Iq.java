package xmpp.core.stanza;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * A checked view of an {@code <iq/>} (RFC 6120 section 8.2.3): the seed's
 * {@code {iq, ID, Type, XMLNS, SubEl}} as {@link #id()}, {@link #type()},
 * {@link #namespace()}, {@link #payload()}.
 */
public final class Iq {

    public enum Type {
        GET, SET, RESULT, ERROR;

        public String attributeValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A get or a set: a request that must be answered. */
        public boolean isRequest() {
            return this == GET || this == SET;
        }
    }

    private final Element element;
    private final Type type;
    private final Optional<Jid> from;
    private final Optional<Jid> to;
    private final Optional<Element> payload;

    private Iq(Element element, Type type, Optional<Jid> from, Optional<Jid> to, Optional<Element> payload) {
        this.element = element;
        this.type = type;
        this.from = from;
        this.to = to;
        this.payload = payload;
    }

    /**
     * Checks {@code element} against RFC 6120 section 8.2.3.
     *
     * @throws StanzaException with {@code bad-request} for a missing id, an unknown type, a get
     *         or set without exactly one child element, or a result with more than one; with
     *         {@code jid-malformed} for an invalid address
     */
    public static Iq of(Element element) throws StanzaException {
        if (!element.name().equals("iq")) throw badRequest("not an iq: <" + element.name() + ">");
        if (element.attr("id").isEmpty()) throw badRequest("an iq needs an id");
        Type type = switch (element.attr("type")) {
            case "get" -> Type.GET;
            case "set" -> Type.SET;
            case "result" -> Type.RESULT;
            case "error" -> Type.ERROR;
            case "" -> throw badRequest("an iq needs a type");
            default -> throw badRequest("unknown iq type '" + element.attr("type") + "'");
        };
        List<Element> children = element.elements();
        Optional<Element> payload = switch (type) {
            case GET, SET -> {
                if (children.size() != 1) throw badRequest("an iq of type " + type.attributeValue() + " needs exactly one child element, not " + children.size());
                yield Optional.of(children.getFirst());
            }
            case RESULT -> {
                if (children.size() > 1) throw badRequest("an iq result has at most one child element");
                yield children.stream().findFirst();
            }
            case ERROR -> children.stream().filter(c -> !c.name().equals("error")).findFirst();
        };
        return new Iq(element, type, Addressing.jid(element, "from"), Addressing.jid(element, "to"), payload);
    }

    private static StanzaException badRequest(String why) {
        return new StanzaException(StanzaError.Condition.BAD_REQUEST, why);
    }

    public String id() {
        return element.attr("id");
    }

    public Type type() {
        return type;
    }

    public Optional<Jid> from() {
        return from;
    }

    public Optional<Jid> to() {
        return to;
    }

    /** The child element: always there for a get or set, maybe for a result. */
    public Optional<Element> payload() {
        return payload;
    }

    /** The payload's namespace (seed: {@code XMLNS}), or {@code ""}. */
    public String namespace() {
        return payload.map(Element::namespace).orElse("");
    }

    /** The whole {@code <iq/>} element. */
    public Element element() {
        return element;
    }

    /** An empty result: {@code <iq type='result'/>} with id and swapped addresses. */
    public Element resultReply() {
        return resultBuilder().build();
    }

    /** A result carrying {@code payload}. */
    public Element resultReply(Element payload) {
        return resultBuilder().child(Objects.requireNonNull(payload, "payload")).build();
    }

    /** The error reply, with the request's child, as {@link Stanzas#errorReply}. */
    public Element errorReply(StanzaError error) {
        return Stanzas.errorReply(element, error);
    }

    public Element errorReply(StanzaError.Condition condition) {
        return Stanzas.errorReply(element, condition);
    }

    private Element.Builder resultBuilder() {
        if (!type.isRequest()) throw new IllegalStateException("only a get or set is answered, not an iq of type " + type.attributeValue());
        Element.Builder b = Element.builder("iq");
        Stanzas.copySwapped(element, b);
        return b.attr("type", "result");
    }

    @Override
    public String toString() {
        return element.toString();
    }
}
