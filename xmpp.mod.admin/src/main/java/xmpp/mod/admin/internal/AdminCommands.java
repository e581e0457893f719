package xmpp.mod.admin.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import xmpp.core.auth.Accounts;
import xmpp.core.command.CommandStep;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaException;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/** The XEP-0133 commands this module offers, over the server's accounts, sessions and router. */
final class AdminCommands {

    private static final System.Logger log = System.getLogger(AdminCommands.class.getName());

    private final Accounts accounts;
    private final Sessions sessions;
    private final Router router;

    AdminCommands(Accounts accounts, Sessions sessions, Router router) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.router = router;
    }

    List<AdminCommand> all() {
        return List.of(
                new AdminCommand("add-user", "Add a User", Optional.of(Form.toFill("Adding a User")
                        .field("jid-single", "accountjid", "The Jabber ID for the account to be added", true)
                        .field("text-private", "password", "The password for this account", true)
                        .field("text-private", "password-verify", "Retype password", false).build()), this::addUser),
                new AdminCommand("delete-user", "Delete a User", Optional.of(Form.toFill("Deleting a User")
                        .field("jid-multi", "accountjids", "The Jabber ID(s) to delete", true).build()), this::deleteUsers),
                new AdminCommand("change-user-password", "Change User Password", Optional.of(Form.toFill("Changing a User Password")
                        .field("jid-single", "accountjid", "The Jabber ID for this account", true)
                        .field("text-private", "password", "The password for this account", true).build()), this::changePassword),
                new AdminCommand("end-user-session", "End User Session", Optional.of(Form.toFill("Ending a User Session")
                        .field("jid-multi", "accountjids", "The Jabber ID(s) for which to end sessions", true).build()), this::endSessions),
                new AdminCommand("get-online-users-list", "Get List of Online Users", Optional.empty(), this::onlineUsers),
                new AdminCommand("get-registered-users-num", "Get Number of Registered Users", Optional.empty(), this::registeredCount),
                new AdminCommand("get-online-users-num", "Get Number of Online Users", Optional.empty(), this::onlineCount),
                new AdminCommand("announce", "Send Announcement to Online Users", Optional.of(Form.toFill("Making an Announcement")
                        .field("text-single", "subject", "Subject", false)
                        .field("text-multi", "announcement", "Announcement", true).build()), this::announce));
    }

    private CommandStep addUser(Element form, String host) throws Exception {
        Jid account = account(Form.required(form, "accountjid"), host);
        String password = Form.required(form, "password");
        List<String> verify = Form.values(form, "password-verify");
        if (!verify.isEmpty() && !verify.get(0).equals(password))
            throw new StanzaException(StanzaError.Condition.NOT_ACCEPTABLE, "the two passwords differ");
        if (accounts.exists(account)) throw new StanzaException(StanzaError.Condition.CONFLICT, account + " exists already");
        if (!accounts.create(account, password))
            throw new StanzaException(StanzaError.Condition.NOT_ALLOWED, "accounts cannot be created on " + host);
        log.log(System.Logger.Level.INFO, "account {0} added by an administrator", account);
        return CommandStep.done("The user " + account + " was added");
    }

    private CommandStep deleteUsers(Element form, String host) throws Exception {
        List<Jid> deleted = new ArrayList<>();
        for (Jid account : accounts(form, host)) {
            if (!accounts.delete(account)) continue;
            deleted.add(account);
            end(sessions.sessionsOf(account), "the account was deleted");
            log.log(System.Logger.Level.INFO, "account {0} deleted by an administrator", account);
        }
        return CommandStep.done(deleted.isEmpty() ? "No such user" : "Deleted " + join(deleted));
    }

    private CommandStep changePassword(Element form, String host) throws Exception {
        Jid account = account(Form.required(form, "accountjid"), host);
        if (!accounts.setPassword(account, Form.required(form, "password")))
            throw new StanzaException(StanzaError.Condition.ITEM_NOT_FOUND, "no account " + account);
        log.log(System.Logger.Level.INFO, "password of {0} changed by an administrator", account);
        return CommandStep.done("The password of " + account + " was changed");
    }

    private CommandStep endSessions(Element form, String host) throws Exception {
        List<Session> ending = new ArrayList<>();
        for (String value : nonEmpty(Form.values(form, "accountjids"), "accountjids")) {
            Jid jid = jid(value, host);
            if (jid.isFull()) sessions.session(jid).ifPresent(ending::add);
            else ending.addAll(sessions.sessionsOf(jid));
        }
        end(ending, "ended by an administrator");
        return CommandStep.done("Ended " + ending.size() + " session(s)");
    }

    private CommandStep onlineUsers(Element form, String host) {
        Set<String> online = new LinkedHashSet<>();
        for (Session s : sessions.sessions()) if (s.jid().domainpart().equals(host)) online.add(s.jid().bare().toString());
        return CommandStep.done(Form.result().value("jid-multi", "onlineuserjids", "The list of all online users", List.copyOf(online)).build());
    }

    private CommandStep registeredCount(Element form, String host) throws Exception {
        OptionalLong count = accounts.count(host);
        if (count.isEmpty()) throw new StanzaException(StanzaError.Condition.FEATURE_NOT_IMPLEMENTED, "the accounts of " + host + " cannot be counted here");
        return CommandStep.done(Form.result().value("text-single", "registeredusersnum", "The number of registered users",
                List.of(Long.toString(count.getAsLong()))).build());
    }

    private CommandStep onlineCount(Element form, String host) {
        long count = sessions.sessions().stream().filter(s -> s.jid().domainpart().equals(host)).map(s -> s.jid().bare()).distinct().count();
        return CommandStep.done(Form.result().value("text-single", "onlineusersnum", "The number of online users", List.of(Long.toString(count))).build());
    }

    private CommandStep announce(Element form, String host) throws Exception {
        String text = String.join("\n", nonEmpty(Form.values(form, "announcement"), "announcement"));
        String subject = Form.values(form, "subject").stream().findFirst().orElse("");
        Jid server = Jid.ofDomain(host);
        int sent = 0;
        for (Session s : sessions.sessions()) {
            if (!s.jid().domainpart().equals(host)) continue;
            Element.Builder message = Element.builder("message").attr("type", "headline").attr("from", host).attr("to", s.jid().toString());
            if (!subject.isBlank()) message.child(Element.builder("subject").text(subject).build());
            router.route(server, s.jid(), message.child(Element.builder("body").text(text).build()).build());
            sent++;
        }
        log.log(System.Logger.Level.INFO, "announcement sent to {0} session(s) on {1}", sent, host);
        return CommandStep.done("Sent to " + sent + " session(s)");
    }

    private static void end(List<Session> ending, String why) {
        for (Session s : ending) s.close(StreamError.of(StreamError.Condition.POLICY_VIOLATION, why));
    }

    private static List<Jid> accounts(Element form, String host) throws StanzaException {
        List<Jid> result = new ArrayList<>();
        for (String v : nonEmpty(Form.values(form, "accountjids"), "accountjids")) result.add(account(v, host));
        return result;
    }

    private static List<String> nonEmpty(List<String> values, String var) throws StanzaException {
        List<String> kept = values.stream().filter(v -> !v.isBlank()).toList();
        if (kept.isEmpty()) throw new StanzaException(StanzaError.Condition.BAD_REQUEST, "the field " + var + " is required");
        return kept;
    }

    /** An account of {@code host}: a bare JID with a user part. */
    private static Jid account(String value, String host) throws StanzaException {
        Jid jid = jid(value, host);
        if (jid.isFull() || jid.localpart().isEmpty())
            throw new StanzaException(StanzaError.Condition.BAD_REQUEST, value + " is not an account (user@" + host + ")");
        return jid;
    }

    private static Jid jid(String value, String host) throws StanzaException {
        Jid jid;
        try {
            jid = Jid.of(value.strip());
        } catch (JidFormatException e) {
            throw new StanzaException(StanzaError.Condition.JID_MALFORMED, value + ": " + e.getMessage());
        }
        if (!jid.domainpart().equals(host))
            throw new StanzaException(StanzaError.Condition.FORBIDDEN, jid + " is not of " + host + ", where this command runs");
        return jid;
    }

    private static String join(List<Jid> jids) {
        return String.join(", ", jids.stream().map(Jid::toString).toList());
    }
}
