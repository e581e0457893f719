package xmpp.webconsole.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Who may reach the web console and how failed logins are throttled (PID {@value #PID}, {@code etc/xmpp.webconsole.cfg}). */
// Designated here, not on the component: its configuration merges two PIDs, and the form is this one's.
@ObjectClassDefinition(pid = WebConsoleConfig.PID, name = "XMPP web console", description = "Where the console may be reached from, and the throttle on failed logins. "
        + "Who may log in: admins in etc/xmpp.mod.admin.cfg.")
@interface WebConsoleConfig {

    String PID = "xmpp.webconsole";

    @AttributeDefinition(required = false, description = "Addresses or networks (10.0.0.0/8) besides loopback that may reach the console; * for anywhere.")
    String[] allowed_addresses() default {};

    @AttributeDefinition(required = false, description = "Names (or addresses) the console is reached by besides localhost, "
            + "loopback and the served domains, as a browser's address bar has them: a request naming another host is refused (DNS rebinding).")
    String[] allowed_hosts() default {};

    @AttributeDefinition(description = "Seconds a right admin login is let in again without checking its password; 0 checks every request.")
    int verified_login_s() default 60;

    @AttributeDefinition(description = "Failed logins from one address within the window, after which it must wait for the window's end.")
    int max_failures_per_address() default 10;

    @AttributeDefinition(description = "Failed logins to one account within the window, after which it must wait for the window's end.")
    int max_failures_per_account() default 5;

    @AttributeDefinition(description = "The throttle's window in seconds, from the first failure counted.")
    int failure_window_s() default 300;
}
