package xmpp.core.command;

import java.util.List;
import xmpp.core.xml.Element;

/**
 * What a stage of an {@link AdhocCommand} answers: a form for the requester to fill in (the
 * command goes on), or the end, with what to show: a result form, notes, both or nothing.
 *
 * @param completed whether the command has ended
 * @param content children of the {@code <command/>} reply: {@code jabber:x:data} forms and
 *        {@code <note/>}s
 */
public record CommandStep(boolean completed, List<Element> content) {

    public CommandStep {
        content = List.copyOf(content);
    }

    /** The command goes on: the requester fills in {@code form} and submits it. */
    public static CommandStep ask(Element form) {
        return new CommandStep(false, List.of(form));
    }

    /** The command has ended, showing {@code content} (result forms, notes). */
    public static CommandStep done(Element... content) {
        return new CommandStep(true, List.of(content));
    }

    /** The command has ended with a note of type {@code info}, e.g. "The user was added". */
    public static CommandStep done(String info) {
        return done(note("info", info));
    }

    /** A {@code <note type='info|warn|error'>} of XEP-0050. */
    public static Element note(String type, String text) {
        return Element.builder("note").attr("type", type).text(text).build();
    }
}
