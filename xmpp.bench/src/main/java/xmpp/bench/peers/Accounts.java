package xmpp.bench.peers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import xmpp.core.xml.Element;

/**
 * Creates the accounts {@code u0..u<n-1>} through the admin commands of XEP-0133
 * ({@code add-user}), which all three servers have: the same path for each, and no per-account
 * process start as with ejabberdctl. An account that exists already is fine.
 */
final class Accounts {

    static final String PASSWORD = "bench-password";
    private static final String COMMANDS = "http://jabber.org/protocol/commands";
    private static final String ADD_USER = "http://jabber.org/protocol/admin#add-user";
    private static final int ADMIN_SESSIONS = 32;

    private Accounts() {
    }

    static String user(int i) {
        return "u" + i;
    }

    /** Makes {@code u<first>..u<end-1>}. */
    static void create(Target target, int first, int end) throws Exception {
        List<Client> admins = new ArrayList<>();
        try {
            for (int a = 0; a < ADMIN_SESSIONS; a++)
                admins.add(Client.loggedIn(target, Target.source(0), Client.Login.PLAIN_TLS, "admin", target.adminPassword(), "bench" + a));
            Workers.forEach(ADMIN_SESSIONS, ADMIN_SESSIONS, a -> {
                for (int i = first + a; i < end; i += ADMIN_SESSIONS) add(admins.get(a), target.domain(), user(i) + "@" + target.domain());
            });
        } finally {
            for (Client c : admins) c.close();
        }
    }

    private static void add(Client admin, String domain, String jid) throws Exception {
        admin.send("<iq type='set' id='x' to='" + domain + "'><command xmlns='" + COMMANDS + "' action='execute' node='" + ADD_USER + "'/></iq>");
        Element form = result(admin, jid);
        String session = form.child("command", COMMANDS).map(c -> c.attr("sessionid")).orElseThrow(() -> new IOException("no command session: " + form.toXml()));
        admin.send("<iq type='set' id='y' to='" + domain + "'><command xmlns='" + COMMANDS + "' node='" + ADD_USER + "' sessionid='" + session + "'>"
                + "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/admin</value></field>"
                + "<field var='accountjid'><value>" + jid + "</value></field>"
                + "<field var='password'><value>" + PASSWORD + "</value></field>"
                + "<field var='password-verify'><value>" + PASSWORD + "</value></field>"
                + "</x></command></iq>");
        Element done = result(admin, jid);
        if (done.attr("type").equals("error") && !done.toXml().contains("conflict"))
            throw new IOException("add-user " + jid + " failed: " + done.toXml());
    }

    /** The next IQ answer; presences and messages to the admin session are skipped. */
    private static Element result(Client admin, String jid) throws Exception {
        while (true) {
            Element e = admin.next();
            if (!e.name().equals("iq")) continue;
            if (e.attr("type").equals("error") && !e.toXml().contains("conflict"))
                throw new IOException("add-user " + jid + " refused: " + e.toXml());
            return e;
        }
    }
}
