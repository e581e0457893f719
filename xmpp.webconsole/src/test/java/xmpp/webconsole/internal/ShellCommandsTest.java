package xmpp.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page's way into the shell, with a real Gogo command processor. */
class ShellCommandsTest {

    /** Stands in for the shell's xmpp: commands: what reached them. */
    public static final class Recorder {
        String kicked;
        boolean dropped;

        public String kick(String jid) {
            kicked = jid;
            return "disconnected " + jid;
        }

        public String users(CommandSession session, String action, String jid) throws IOException {
            String password = new BufferedReader(new InputStreamReader(session.getKeyboard(), StandardCharsets.UTF_8)).readLine();
            return action + " " + jid + " with '" + password + "'";
        }

        public String drop() {
            dropped = true;
            return "dropped";
        }

        public String fail() {
            throw new IllegalArgumentException("no such domain");
        }
    }

    final ThreadIOImpl threadIo = new ThreadIOImpl();
    final CommandProcessorImpl processor = new CommandProcessorImpl(threadIo);
    final Recorder recorder = new Recorder();
    final ShellCommands shell = new ShellCommands(processor);

    @BeforeEach
    void start() {
        threadIo.start();
        processor.addCommand("xmpp", recorder, "kick");
        processor.addCommand("xmpp", recorder, "users");
        processor.addCommand("xmpp", recorder, "drop");
        processor.addCommand("xmpp", recorder, "fail");
    }

    @AfterEach
    void stop() {
        threadIo.stop();
    }

    @Test
    void aValueReachesTheCommandWholeAndRunsNothingElse() {
        String hostile = "juliet@localhost/a'b\"c; xmpp:drop | $(xmpp:drop) {xmpp:drop}";
        ShellCommands.Answer answer = shell.run("xmpp:kick $jid", Map.of("jid", hostile), "");
        assertTrue(answer.ok(), answer.text());
        assertEquals(hostile, recorder.kicked);
        assertFalse(recorder.dropped);
    }

    @Test
    void aPasswordGoesOnTheCommandsInput() {
        ShellCommands.Answer answer = shell.run("xmpp:users add $jid", Map.of("jid", "romeo@localhost"), "p4ss w'rd $x\n");
        assertEquals("add romeo@localhost with 'p4ss w'rd $x'", answer.text());
    }

    @Test
    void aPasswordLineIsGivenAsTypedAndALineBreakIsRefused() {
        assertEquals("add romeo@localhost with ' spaced '", shell.runWithLine("xmpp:users add $jid", Map.of("jid", "romeo@localhost"), " spaced ").text());
        ShellCommands.Answer twoLines = shell.runWithLine("xmpp:users add $jid", Map.of("jid", "romeo@localhost"), "first\nsecond");
        assertFalse(twoLines.ok());
        assertFalse(shell.runWithLine("xmpp:users add $jid", Map.of("jid", "romeo@localhost"), "first\rsecond").ok());
    }

    @Test
    void aFailureIsItsMessage() {
        ShellCommands.Answer answer = shell.run("xmpp:fail");
        assertFalse(answer.ok());
        assertEquals("no such domain", answer.text());
    }
}
