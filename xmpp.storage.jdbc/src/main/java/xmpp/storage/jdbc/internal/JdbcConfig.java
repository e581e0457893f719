package xmpp.storage.jdbc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code xmpp.storage.jdbc} (file {@code etc/xmpp.storage.jdbc.cfg}). */
@ObjectClassDefinition(name = "XMPP storage over JDBC",
        description = "Where accounts, rosters, offline messages, private XML and vCards are kept.")
public @interface JdbcConfig {

    String PID = "xmpp.storage.jdbc";
    String H2_DRIVER_FILTER = "(osgi.jdbc.driver.class=org.h2.Driver)";
    /** H2's page cache, in KiB: a quarter of H2's own default, which stays resident in the heap once filled. */
    int H2_CACHE_KB = 4096;

    @AttributeDefinition(description = "JDBC URL. Empty: an H2 database in the data folder (framework property xmpp.data, default ./data). "
            + "For PostgreSQL, e.g. jdbc:postgresql://127.0.0.1:5432/xmpp, and set dataSourceFactory.target too.")
    String url() default "";

    @AttributeDefinition(description = "KiB of heap for the page cache of the embedded H2 database (empty url only; "
            + "a url of your own sets CACHE_SIZE itself). More makes reads of a large database faster and keeps more resident.", min = "256")
    int h2_cache_kb() default H2_CACHE_KB;

    @AttributeDefinition(required = false)
    String user() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(description = "Which JDBC driver's DataSourceFactory service to use: "
            + "(osgi.jdbc.driver.class=org.h2.Driver) or (osgi.jdbc.driver.class=org.postgresql.Driver).")
    String dataSourceFactory_target() default H2_DRIVER_FILTER;

    @AttributeDefinition(description = "Connections in the pool.", min = "1")
    int pool_size() default 10;

    @AttributeDefinition(description = "Milliseconds to wait for a connection before a store call fails (and its stanza gets an error).", min = "250")
    long connection_timeout_ms() default 5_000;

    @AttributeDefinition(description = "PBKDF2 iterations for new SCRAM credentials (RFC 7677 asks for at least 4096).", min = "4096")
    int scram_iterations() default 4096;
}
