package xmpp.webconsole.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * Runs the shell's {@code xmpp:} commands through Gogo's command processor, so the console
 * shows and does exactly what {@code bin/xmppctl} does, from the same code. Values reach a
 * command as session variables ({@code $jid}), never spliced into its line, so no JID or domain
 * can change what runs; a password goes on the command's input, as {@code bin/xmppctl} sends it.
 */
final class ShellCommands {

    /** What a command answered, or why it failed. */
    record Answer(boolean ok, String text) {}

    private final CommandProcessor shell;

    ShellCommands(CommandProcessor shell) {
        this.shell = shell;
    }

    Answer run(String command, Map<String, String> variables, String input) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (CommandSession session = shell.createSession(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, out)) {
            variables.forEach(session::put);
            Object result = session.execute(command);
            String text = printed.toString(StandardCharsets.UTF_8) + (result == null ? "" : session.format(result, Converter.INSPECT));
            return new Answer(true, text.strip());
        } catch (Exception e) {
            return new Answer(false, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * Runs a command that reads one line of input (a password), given exactly as typed: spaces
     * are part of it. A line break would end it early and the rest would be lost, so it is refused.
     */
    Answer runWithLine(String command, Map<String, String> variables, String line) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) return new Answer(false, "a password is one line: this one has a line break");
        return run(command, variables, line + "\n");
    }

    Answer run(String command) {
        return run(command, Map.of(), "");
    }
}
