package xmpp.mod.admin.internal;

import java.util.Optional;
import xmpp.core.command.CommandStep;
import xmpp.core.xml.Element;

/**
 * One XEP-0133 command: its node (after {@code http://jabber.org/protocol/admin#}), its name, the
 * form it asks for (none: it runs at once), and what it does with the form filled in.
 */
record AdminCommand(String node, String name, Optional<Element> form, Action action) {

    static final String NODE_PREFIX = "http://jabber.org/protocol/admin#";

    @FunctionalInterface
    interface Action {
        /** @param submitted the filled-in form, or an empty one for a command that asks none */
        CommandStep run(Element submitted, String host) throws Exception;
    }

    String fullNode() {
        return NODE_PREFIX + node;
    }
}
