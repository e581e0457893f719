package xmpp.mod.mam.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code xmpp.mod.mam}: one configuration for the module's components. */
@ObjectClassDefinition(name = "XMPP module: message archive", description = "Message archive management (XEP-0313) for users.")
public @interface MamConfig {

    String PID = "xmpp.mod.mam";

    @AttributeDefinition(description = "Served domain whose users' archives are queried, or * for all of them.")
    String xmpp_host() default "*";

    @AttributeDefinition(description = "What a user's archive keeps until she sets her preferences: always, roster or never.")
    String default_mode() default "always";

    @AttributeDefinition(description = "Days a message stays in the archives; 0 keeps it for ever.")
    int retention_days() default 0;

    @AttributeDefinition(description = "Minutes between two runs of the expiry job (when retention.days is set).")
    int retention_check_minutes() default 60;

    @AttributeDefinition(description = "Memory (bytes, estimated) for messages waiting to be written; when it is full, routing waits for the writer.")
    long queue_bytes() default 64L << 20;

    @AttributeDefinition(description = "Threads writing batches to the database at the same time.")
    int writer_threads() default 2;

    @AttributeDefinition(description = "Most messages written in one transaction.")
    int batch_size() default 500;

    @AttributeDefinition(description = "Most messages in one page of a query (XEP-0059 max); a larger max gets this many.")
    int max_page() default 250;

    @AttributeDefinition(description = "Messages in a page when the query names no max.")
    int default_page() default 50;
}
