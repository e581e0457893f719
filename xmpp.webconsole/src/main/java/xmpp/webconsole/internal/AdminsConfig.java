package xmpp.webconsole.internal;

/**
 * The server's one admin list, {@code admins} of {@code etc/xmpp.mod.admin.cfg} (PID {@value #PID}):
 * the accounts that run XEP-0133's commands are the ones that get into the console.
 */
@interface AdminsConfig {

    String PID = "xmpp.mod.admin";

    String[] admins() default {};
}
