package xmpp.shell.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code xmpp.modules}: where {@code xmpp:modules install} fetches module bundles from. */
@ObjectClassDefinition(name = "XMPP module installer",
        description = "Fetches module bundles by Maven coordinates for xmpp:modules install, checks them against the running server, and puts them into deploy/.")
public @interface ModulesConfig {

    @AttributeDefinition(description = "Remote Maven repositories (URLs, http(s) or file), asked in this order after the local repository.")
    String[] repositories() default {"https://repo.maven.apache.org/maven2/"};

    @AttributeDefinition(description = "The local Maven repository, asked first and where fetched artifacts are kept; empty: ~/.m2/repository.")
    String local_repository() default "";

    @AttributeDefinition(description = "The folder FileInstall watches for module bundles (relative to the server's folder); installed modules are kept there, so they survive a restart.")
    String deploy() default "deploy";
}
